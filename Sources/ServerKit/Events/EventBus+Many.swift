import V4Contract

extension EventBus {
    /// Publishes several events in order.
    public func publish(_ events: [V4Event]) {
        for event in events { publish(event) }
    }
}

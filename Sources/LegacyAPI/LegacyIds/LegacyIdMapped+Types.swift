import V4Contract

// Which V4 values carry ids of migrated rows, and which way each one is mapped.

extension V4PhotoPath: LegacyIdMapped {
    func toV4(_ map: LegacyIdMap) -> Self { Self(id: map.v4Upload(id)) }
}

extension V4PhotoReviewRequest: LegacyIdMapped {
    func toV4(_ map: LegacyIdMap) -> Self { with(\.resourceId) { $0 = map.v4Upload($0) } }
}

extension V4PhotoUpload: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self {
        var copy = self
        if let uploadId = map.legacyUploadId(v4: resourceId) { copy.uploadId = uploadId }
        copy.resourceId = map.legacy(.uploads, resourceId)
        return copy
    }
}

extension V4PhotoUploads: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self { withEach(\.uploads) { $0 = $0.toLegacy(map) } }
}

extension V4PointsTransactions: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self { withEach(\.transactions) { $0.transactionId = map.legacy(.points, $0.transactionId) } }
}

extension V4ProductList: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self { withEach(\.products) { $0.id = map.legacy(.products, $0.id) } }
}

extension V4ExchangeRequest: LegacyIdMapped {
    func toV4(_ map: LegacyIdMap) -> Self { with(\.productId) { $0 = $0.map { map.v4(.products, $0) } } }
}

extension V4ExchangeRecords: LegacyIdMapped {
    func toLegacy(_ map: LegacyIdMap) -> Self { withEach(\.records) { $0.productId = map.legacy(.products, $0.productId) } }
}

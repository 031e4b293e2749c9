// proxy-floor: what a Swift process needs, at least, to do the gateway's job for
// `GET /api/user/status` (one V4 `auth/profile` call, its envelope rewritten). Each mode removes
// layers the bridge has, so `scripts/bench-floor.sh` can say where the bridge's CPU goes:
//
//   static         NIO's HTTP/1 server answering a fixed body: the floor of any HTTP answer
//   nio-pass       + the V4 call on the connection's own event loop, body passed through
//   nio-translate  + the envelope rewritten with BridgeKit's parser and serialiser
//   hb-pass        Hummingbird's router and an async handler awaiting the same V4 call
//   hb-translate   + the same rewrite
//
// Usage: proxy-floor MODE LISTEN-PORT V4-PORT [EVENT-LOOPS]
// Not a product: a measuring tool for issue 27 (Docs/performance.md).
import NIOCore
import NIOPosix

let arguments = CommandLine.arguments
guard arguments.count >= 4, let mode = FloorMode(rawValue: arguments[1]), let listenPort = Int(arguments[2]),
    let corePort = Int(arguments[3])
else {
    print("usage: proxy-floor static|nio-pass|nio-translate|hb-pass|hb-translate LISTEN-PORT V4-PORT [EVENT-LOOPS]")
    exit(64)
}
let loops = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1
let group = MultiThreadedEventLoopGroup(numberOfThreads: loops)
let upstream = UpstreamSet(group: group, port: corePort)
print("proxy-floor \(mode.rawValue) on 127.0.0.1:\(listenPort), V4 on \(corePort), \(loops) event loop(s)")
switch mode {
case .hbPass, .hbTranslate:
    try await HummingbirdFloor(translate: mode == .hbTranslate, upstream: upstream, group: group).run(port: listenPort)
default:
    try await RawFloor(mode: mode, upstream: upstream, group: group).run(port: listenPort)
}

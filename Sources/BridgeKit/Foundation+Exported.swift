// The one place that picks the Foundation the project builds against: the lean
// FoundationEssentials where the toolchain has it, all of Foundation elsewhere. Every module
// imports BridgeKit, so no file repeats the choice.
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif

/// A public memberwise initializer for a struct: one parameter per stored property, in
/// declaration order, with the property's initial value (or `nil` for an optional) as default.
/// Used by the wire types every module builds, so their fields are written once.
@attached(member, names: named(init))
public macro PublicInit() = #externalMacro(module: "BridgeMacros", type: "PublicInitMacro")

import SwiftCompilerPlugin
import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// `@PublicInit`: the public memberwise initializer Swift gives a struct only internally. One
/// parameter per stored property, in declaration order; a property's initial value is the
/// parameter's default, and an optional without one defaults to `nil`. A wire type then lists
/// its fields once (the properties), and a new field is a new parameter everywhere at once.
public struct PublicInitMacro: MemberMacro {
    public static func expansion(
        of node: AttributeSyntax, providingMembersOf declaration: some DeclGroupSyntax, conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        var parameters: [String] = []
        var assignments: [String] = []
        for member in declaration.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            if variable.modifiers.contains(where: { ["static", "class", "lazy"].contains($0.name.text) }) { continue }
            let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
            for binding in variable.bindings {
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.trimmedDescription else { continue }
                if let accessors = binding.accessorBlock, !Self.onlyObservers(accessors) { continue }
                let initial = binding.initializer?.value.trimmedDescription
                if isLet, initial != nil { continue }
                guard let type = binding.typeAnnotation?.type.trimmedDescription ?? initial.flatMap(Self.literalType) else {
                    context.diagnose(Diagnostic(node: Syntax(binding), message: Message("@PublicInit needs the type of '\(name)' written out")))
                    return []
                }
                let isFunction = binding.typeAnnotation?.type.is(FunctionTypeSyntax.self) ?? false
                var parameter = "\(name): \(isFunction ? "@escaping " : "")\(type)"
                if let initial {
                    parameter += " = \(initial)"
                } else if Self.isOptional(type) {
                    parameter += " = nil"
                }
                parameters.append(parameter)
                assignments.append("self.\(name) = \(name)")
            }
        }
        let body = assignments.map { "    " + $0 }.joined(separator: "\n")
        return ["public init(\(raw: parameters.joined(separator: ", "))) {\n\(raw: body)\n}"]
    }

    static func onlyObservers(_ block: AccessorBlockSyntax) -> Bool {
        guard case .accessors(let list) = block.accessors else { return false }
        return list.allSatisfy { ["willSet", "didSet"].contains($0.accessorSpecifier.text) }
    }

    static func isOptional(_ type: String) -> Bool {
        type.hasSuffix("?") || type.hasPrefix("Optional<")
    }

    /// The type of a literal or a constructor call (`1`, `"7d"`, `false`, `V4PageQuery(…)`).
    static func literalType(_ value: String) -> String? {
        if value == "true" || value == "false" { return "Bool" }
        if value.hasPrefix("\"") { return "String" }
        let digits = value.filter { $0 != "_" }
        if Int(digits) != nil { return "Int" }
        if Double(digits) != nil { return "Double" }
        if let open = value.firstIndex(of: "("), value.first?.isUppercase == true {
            let callee = value[..<open]
            if callee.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) { return String(callee) }
        }
        return nil
    }

    struct Message: DiagnosticMessage {
        let message: String
        init(_ message: String) { self.message = message }
        var diagnosticID: MessageID { MessageID(domain: "BridgeMacros", id: "PublicInit") }
        var severity: DiagnosticSeverity { .error }
    }
}

@main
struct BridgeMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [PublicInitMacro.self]
}

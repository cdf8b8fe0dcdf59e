import PackagePlugin

/// Generates `BuiltinLearners.registry`'s list from the learner modules the target depends on
/// (`learnerPlugins` in Package.swift), so that a new in-tree learner needs no registration line.
@main
struct LearnerListPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let modules = target.dependencies.compactMap { dependency -> String? in
            guard case .target(let module) = dependency else { return nil }
            return module.name
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "LearnerList.swift")
        return [
            .buildCommand(
                displayName: "Listing the built-in learners: \(modules.joined(separator: ", "))",
                executable: try context.tool(named: "LearnerListGenerator").url,
                arguments: [output.path] + modules,
                outputFiles: [output])
        ]
    }
}

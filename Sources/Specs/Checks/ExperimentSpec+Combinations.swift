import MetaLearning

extension ExperimentSpec {
    /// Reports the impossible combinations of otherwise valid values that can be seen without the data.
    /// Keys that already have errors are left out, so one mistake gives one message.
    func checkCombinations(learner: LearnerDescriptor, learners: LearnerRegistry, _ diagnostics: SpecDiagnostics) {
        if diagnostics.isClean("episodes") {
            checkEpisodes(learner: learner, learners: learners, diagnostics)
        }
        if let architecture = ModelCatalog.descriptor(named: model.name),
            diagnostics.isClean("model", "dataset.imageSize"),
            dataset.imageSize < architecture.minimumImageSize
        {
            diagnostics.report(
                "dataset.imageSize",
                "model '\(model.name)' needs images of at least \(architecture.minimumImageSize) "
                    + "pixels, found \(dataset.imageSize); use a larger imageSize or another model")
        }
        if BatchNormMode(modelSettings: model.parameters) == .inference, !learner.acceptsInferenceBatchNorm,
            diagnostics.isClean("model", "learner")
        {
            diagnostics.report(
                "model.\(BatchNormMode.hyperparameter.name)",
                "learner '\(learner.name)' keeps no running batch-norm statistics, "
                    + "so it cannot evaluate in \"inference\" mode; use \"transductive\" or a learner that can (`metalearn learners`)"
            )
        }
        if !learner.usesMetaOptimizer, diagnostics.isClean("learner") {
            let unused = [
                ("schedule", training.schedule.name != ScheduleCatalog.constant.name),
                ("warmupIterations", training.warmupIterations > 0), ("weightDecay", training.weightDecay > 0),
            ]
            for (key, isSet) in unused where isSet && diagnostics.isClean("training.\(key)") {
                diagnostics.report(
                    "training.\(key)",
                    "learner '\(learner.name)' takes no meta-optimizer steps (its own "
                        + "hyperparameters set any outer step), so this setting would do nothing; remove it")
            }
        }
        if initialization != nil, pretraining != nil, diagnostics.isClean("model") {
            diagnostics.report(
                "model.initialization",
                "the body comes either from this spec's pretraining phase or from a trained run, not both; "
                    + "remove one")
        }
        for (section, optimizer) in [("training", training.optimizer), ("pretraining", pretraining?.optimizer)] {
            guard let optimizer, optimizer.name == OptimizerCatalog.sgd.name,
                optimizer.parameters[OptimizerCatalog.nesterov], optimizer.parameters[OptimizerCatalog.momentum] == 0,
                diagnostics.isClean("\(section).optimizer")
            else { continue }
            diagnostics.report(
                "\(section).optimizer.nesterov",
                "Nesterov momentum needs a momentum; set \(section).optimizer.momentum (0.9 is usual) or remove nesterov"
            )
        }
        guard diagnostics.isClean("training.iterations") else { return }
        let iterations = training.iterations
        if iterations == 0 {
            if pretraining == nil && initialization == nil && learner.learnsInMetaTraining {
                diagnostics.report(
                    "training.iterations",
                    "0 meta-updates leaves nothing trained; add a `pretraining` section, start from a trained run "
                        + "(model.initialization) or set iterations")
            }
            return
        }
        for (key, every) in [
            ("validateEvery", training.validateEvery), ("checkpointEvery", training.checkpointEvery),
            ("logEvery", training.logEvery),
        ]
        where every > iterations && diagnostics.isClean("training.\(key)") {
            diagnostics.report(
                "training.\(key)",
                "\(every) is more than training.iterations (\(iterations)), so it would never happen; "
                    + "use at most \(iterations)" + (key == "validateEvery" ? ", or 0 not to validate" : ""))
        }
    }
}

extension ExperimentSpec {
    /// The episode shape's problems with the learner: fewer training ways than test ways, more for a
    /// learner with a fixed-size head, ways or shots that vary for a learner that cannot take them
    /// (naming the registered learners that can).
    private func checkEpisodes(learner: LearnerDescriptor, learners: LearnerRegistry, _ diagnostics: SpecDiagnostics) {
        let rule = episodes.rule
        let ways = episodes.ways.upperBound
        if rule.hasVariableWays, !learner.acceptsTrainWays {
            diagnostics.report(
                "episodes.ways",
                "learner '\(learner.name)' has a fixed-size head, so every episode needs the same ways; give "
                    + "episodes.ways as one number with \"sampling\": \"fixed\""
                    + Self.takers(learners.descriptors.filter(\.acceptsTrainWays), "varying ways"))
        } else if rule.hasVariableShots, !learner.acceptsUnequalShots {
            diagnostics.report(
                "episodes.shots",
                "learner '\(learner.name)' needs as many support images of every class; give episodes.shots as one number "
                    + "with \"sampling\": \"fixed\""
                    + Self.takers(learners.descriptors.filter(\.acceptsUnequalShots), "unequal ones"))
        } else if episodes.trainWays < ways {
            diagnostics.report(
                "episodes.trainWays",
                "must be at least episodes.ways (\(ways)), found \(episodes.trainWays); "
                    + "training episodes cannot have fewer classes than test episodes")
        } else if episodes.trainWays != ways, !learner.acceptsTrainWays {
            diagnostics.report(
                "episodes.trainWays",
                "learner '\(learner.name)' classifies exactly episodes.ways (\(ways)) "
                    + "classes, so trainWays must equal it; remove trainWays or use a metric learner")
        }
    }

    /// ", or use a learner that takes varying ways: protonet, matching", or nothing when none does.
    private static func takers(_ learners: [LearnerDescriptor], _ what: String) -> String {
        learners.isEmpty ? "" : ", or use a learner that takes \(what): " + learners.map(\.name).joined(separator: ", ")
    }
}

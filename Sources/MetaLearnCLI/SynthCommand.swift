import ArgumentParser
import FewShotData

/// `metalearn synth`: writes the synthetic Omniglot-style data set.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a synthetic Omniglot-style PNG tree (procedural glyph alphabets), deterministic from the seed."
    )

    @Option(help: "The folder to write (created; must not hold a different data set).")
    var out: String

    @Option(help: "Alphabets to generate.")
    var alphabets = 10

    @Option(help: "Characters per alphabet.")
    var characters = 20

    @Option(help: "Drawers (images) per character.")
    var drawers = 20

    @Option(help: "The seed every glyph and drawer variation derives from.")
    var seed: UInt64 = 1

    func run() throws {
        let summary = try Failure.wrapping {
            try SyntheticOmniglot.write(
                to: out, alphabets: alphabets, characters: characters, drawers: drawers, seed: seed)
        }
        let images = summary.alphabets * summary.characters * summary.drawers
        print(
            "wrote \(summary.alphabets) alphabets x \(summary.characters) characters x \(summary.drawers) drawers "
                + "(\(images) images) to \(summary.root)")
    }
}

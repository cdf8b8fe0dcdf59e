import Foundation

/// What a trained learner says about one query image.
public struct Prediction: Sendable, Equatable {
    /// The predicted class: its index in the support set's class order.
    public let classIndex: Int
    /// The predicted class's name.
    public let className: String
    /// The probability of each support class, in support order: the softmax of the learner's
    /// logits over the support classes. They sum to 1.
    public let probabilities: [Double]

    /// The probability of the predicted class.
    public var probability: Double { probabilities[classIndex] }

    /// The prediction of the logits of one query over `classNames`: the class with the largest
    /// logit (the first of equal ones, as accuracy counts it) and the softmax of all of them.
    init(logits: ArraySlice<Float>, classNames: [String]) {
        let values = logits.map(Double.init)
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        let largest = values[best]
        let exponentials = values.map { exp($0 - largest) }
        let sum = exponentials.reduce(0, +)
        classIndex = best
        className = classNames[best]
        probabilities = exponentials.map { $0 / sum }
    }
}

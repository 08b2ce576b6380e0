/// Collects the input problems of one lint load, in the order the stages meet them.
final class InputProblemSink {
    private(set) var problems: [InputProblem] = []

    func add(_ problem: InputProblem) {
        problems.append(problem)
    }
}

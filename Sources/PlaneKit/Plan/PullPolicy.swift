/// When `up` pulls images (`--pull`).
public enum PullPolicy: String, Sendable, CaseIterable {
    /// Pull only images the engine does not have (default).
    case missing
    /// Pull every image before anything else (the containers are then compared with what was pulled).
    case always
    /// Never pull; a missing image blocks the plan.
    case never
}

import Foundation
import PlaneKit

/// `plane plan --format json`: one versioned document (docs/JSON.md): the typed steps (cause code
/// and text, service, intent), what is up to date, notes, blockers, the errors that stopped the plan,
/// and a summary. Names and kinds only, never a value: the same words as the text plan.
enum PlanView {
    /// Bumped when a field is removed or changes meaning (docs/JSON.md).
    static let formatVersion = 1

    struct Document: Encodable {
        var version: Int
        var project: String?
        /// up-to-date, changes, blocked, refused (lint), failed (load, selection or engine error).
        var outcome: String
        var exitCode: Int32
        var steps: [Step]
        var upToDate: [String]
        var notes: [String]
        var blockers: [String]
        var errors: [ErrorEvent.Entry]
        var summary: Summary
    }

    struct Step: Encodable {
        var id: Int
        /// The Engine call's verb: pull, create, connect, rename, start, stop, remove, wait.
        var action: String
        /// "container vm300-radarr-1", "network vm300_default", "image ..."
        var target: String
        var service: String?
        var cause: Cause
        var intent: Intent?
        var after: [Int]
        var gates: [String]
        /// Whether the call changes the engine (false only for `wait`).
        var write: Bool
        /// The plan line, as the text plan prints it.
        var text: String
    }

    struct Cause: Encodable {
        var code: String
        var text: String
    }

    struct Intent: Encodable {
        /// replace, create, restore, teardown.
        var kind: String
        var service: String?
        var container: String?
        var old: Old?
    }

    struct Old: Encodable {
        var name: String
        var id: String?
    }

    struct Summary: Encodable {
        var steps: Int
        var writes: Int
        /// Verb -> number of steps.
        var actions: [String: Int]
        /// Services with at least one write, sorted.
        var changedServices: [String]
        var upToDate: Int
        var blocked: Bool
    }

    /// The plan document; `pretty: false` gives it on one line, for an event of the `up` stream.
    static func json(project: String?, plan: Plan?, errors: [ErrorEvent], exitCode: Int32, pretty: Bool = true) -> String {
        let steps = (plan?.operations ?? []).map { step in
            Step(id: step.id, action: step.action.verb, target: Executor.object(of: step.action), service: step.service,
                 cause: Cause(code: step.cause.code, text: step.cause.text), intent: step.intent.map(intent),
                 after: step.after, gates: step.gates.map(\.text), write: step.action.isWrite, text: step.text)
        }
        var actions: [String: Int] = [:]
        for step in steps { actions[step.action, default: 0] += 1 }
        let changed = Set((plan?.writes ?? []).compactMap(\.service)).sorted()
        let outcome: String
        if let plan {
            outcome = !plan.blockers.isEmpty ? "blocked" : plan.writes.isEmpty ? "up-to-date" : "changes"
        } else {
            outcome = errors.contains { $0.code == "lint" } ? "refused" : "failed"
        }
        let document = Document(
            version: formatVersion, project: project ?? plan?.project, outcome: outcome, exitCode: exitCode, steps: steps,
            upToDate: plan?.upToDate ?? [], notes: plan?.notes ?? [], blockers: plan?.blockers ?? [], errors: errors.map(\.entry),
            summary: Summary(steps: steps.count, writes: steps.filter(\.write).count, actions: actions, changedServices: changed,
                             upToDate: plan?.upToDate.count ?? 0, blocked: !(plan?.blockers.isEmpty ?? true)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }  // strings, numbers and lists: cannot fail
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func intent(_ intent: StepIntent) -> Intent {
        switch intent {
        case .replace(let service, let old, let container):
            Intent(kind: "replace", service: service, container: container, old: Old(name: old.name, id: old.id))
        case .create(let service, let container):
            Intent(kind: "create", service: service, container: container)
        case .restore(let service, let old, let container):
            Intent(kind: "restore", service: service, container: container, old: Old(name: old.name, id: old.id))
        case .teardown(let service):
            Intent(kind: "teardown", service: service)
        }
    }
}

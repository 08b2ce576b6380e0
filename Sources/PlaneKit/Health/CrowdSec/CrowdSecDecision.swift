import Foundation

/// A decision as the LAPI's bouncer API returns it (`GET /v1/decisions?ip=X`, header `X-Api-Key`),
/// verified on 1.4.6: `null` when there is none, else an array of
/// `{"duration":"1m59.4s","id":1,"origin":"plane","scenario":"plane/health-probe","scope":"Ip","type":"ban","value":"203.0.113.11"}`.
public struct CrowdSecDecision: Sendable, Equatable, Decodable {
    public var id: Int
    public var origin: String
    public var scenario: String
    public var scope: String
    public var type: String
    public var value: String
    public var duration: String

    /// What a decisions read answered.
    public enum Answer: Sendable, Equatable {
        case decisions([CrowdSecDecision])
        /// 403 `{"message":"access forbidden"}`: the bouncer key is wrong or revoked.
        case forbidden(message: String)
        case failed(status: Int, message: String)
    }

    public static func decode(status: Int, body: Data) -> Answer {
        let message = TraefikAnswerMessage.message(in: body)
        switch status {
        case 200:
            let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text == "null" { return .decisions([]) }
            guard let list = try? JSONDecoder().decode([CrowdSecDecision].self, from: body) else {
                return .failed(status: status, message: "unreadable decisions: \(String(text.prefix(120)))")
            }
            return .decisions(list)
        case 403: return .forbidden(message: message)
        default: return .failed(status: status, message: message)
        }
    }
}

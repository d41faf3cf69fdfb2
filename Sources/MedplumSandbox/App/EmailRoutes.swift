import Hummingbird
import SandboxSupport

extension Router where Context == SandboxRequestContext {
    /// `GET /_sandbox/emails` (the outbox and whether delivery fails), `POST /_sandbox/emails
    /// {"failing": bool}` and `DELETE /_sandbox/emails` (empties the outbox).
    func addEmailRoutes(store: MedplumStore) {
        let group = self.group("_sandbox")
        group.get("emails") { _, _ in
            Reply.json(try await store.run { $0.outbox.json }).response(head: false)
        }
        group.post("emails") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            guard let json = try? JSONParser.parse([UInt8](body.readableBytesView)),
                let failing = json["failing"]?.boolValue
            else {
                return Reply.json(["error": "expected {\"failing\": true|false}"], status: 400).response(head: false)
            }
            return Reply.json(
                try await store.run { state in
                    state.outbox.failing = failing
                    return state.outbox.json
                }
            ).response(head: false)
        }
        group.delete("emails") { _, _ in
            try await store.run { $0.outbox.sent.removeAll() }
            return Response(status: .noContent)
        }
    }
}

import Foundation
import Hummingbird

/// `/v1/b2b/passwords…` (contract §15).
enum PasswordRoutes {
    static func add(to table: inout APIRouteTable) {
        table.add(.post, "v1/b2b/passwords/migrate") { call in
            let body = try call.decode(PasswordMigrateBody.self)
            let (member, created) = try await call.store.migratePassword(body)
            return try success(PasswordMigratePayload(member: try await call.store.memberPayload(member), memberCreated: created))
        }
        table.add(.post, "v1/b2b/passwords/authenticate") { call in
            let body = try call.decode(PasswordAuthenticateBody.self)
            return try success(try await call.store.authenticatePassword(body))
        }
    }
}

/// How the sandbox models Medplum's email: nothing leaves the process. Every email the server
/// would send lands in an outbox that tests read at `GET /_sandbox/emails`; setting
/// `{"failing": true}` there (or `failEmailDelivery` in the configuration) makes delivery fail,
/// which reproduces Medplum's "Could not send email" answer of a server without working SES/SMTP.
struct EmailOutbox: Sendable {
    struct Email: Sendable, Equatable {
        var to: String
        var subject: String
        var text: String
        var sentAt: Int64

        var json: JSON {
            ["to": .string(to), "subject": .string(subject), "text": .string(text), "sentAt": .string(Instant.iso(sentAt))]
        }
    }

    var sent: [Email] = []
    var failing = false

    var json: JSON {
        ["failing": .bool(failing), "emails": .array(sent.map(\.json))]
    }
}

extension StoreState {
    /// Step 9 of the invite: a welcome to existing users, a set-password link (from the invite's
    /// UserSecurityRequest) to new ones. Returns false when delivery is set to fail (the
    /// membership stays created, as in Medplum).
    mutating func deliverInviteEmail(
        to email: String, securityRequest: StoredResource?, project: JSON, context: AdminContext
    ) -> Bool {
        guard !outbox.failing else { return false }
        let projectName = project["name"]?.stringValue ?? ""
        let message: EmailOutbox.Email
        if let securityRequest {
            let secret = securityRequest.current.resource?["secret"]?.stringValue ?? ""
            let link = "\(context.appBaseURL)setpassword/\(securityRequest.id)/\(secret)"
            message = EmailOutbox.Email(
                to: email, subject: "Welcome to Medplum",
                text: "You were invited to \(projectName)\n\nPlease click on the following link to create your account:\n\n\(link)\n",
                sentAt: context.now)
        } else {
            message = EmailOutbox.Email(
                to: email, subject: "Medplum: Welcome to \(projectName)",
                text: "You were invited to \(projectName)\n\n\(context.appBaseURL)signin\n", sentAt: context.now)
        }
        outbox.sent.append(message)
        return true
    }
}

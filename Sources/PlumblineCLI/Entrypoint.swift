import ArgumentParser

/// What `main.swift` calls: parses the process arguments and runs the chosen command.
public enum Entrypoint {
    public static func main() async {
        await PlumblineCommand.main()
    }
}

/// presskit's version, in one place: `presskit --version` prints it and the default `user_agent`
/// sends it, so a server's operator and a press officer read the same number.
public enum PresskitVersion {
    public static let current = "0.1.0"
}

/// Splits a command string into words the way docker-compose (Python `shlex.split`) does.
enum ShellWords {
    /// Why a string could not be split.
    struct Unbalanced: Error {}

    /// Words of `text`: whitespace separates, single and double quotes group, backslash escapes outside single quotes.
    static func split(_ text: String) throws(Unbalanced) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        for char in text {
            if escaping {
                if quote == "\"" && !"\"\\$`".contains(char) { current.append("\\") }
                current.append(char)
                escaping = false
                continue
            }
            if char == "\\" && quote != "'" {
                escaping = true
                inWord = true
                continue
            }
            if let open = quote {
                if char == open { quote = nil } else { current.append(char) }
                continue
            }
            if char == "\"" || char == "'" {
                quote = char
                inWord = true
            } else if char.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(char)
                inWord = true
            }
        }
        if quote != nil || escaping { throw Unbalanced() }
        if inWord { words.append(current) }
        return words
    }
}

/// Reduces a Dutch word to its stem, so that the forms of one word meet in the search index: participatie and
/// geparticipeerd both become "participeer", inwoner and inwoners "inwoner", raad and raden "raad".
///
/// The rules are those of the Snowball stemmer called `dutch` (Snowball 3.x, the algorithm of Wessel Kraaij and
/// Renée Pohlmann; the older Porter-style Dutch stemmer is called `dutch_porter` there), followed step by step so
/// that every word gets the stem the Snowball reference gives it. `Tests/DemocracyKitTests/Fixtures/dutch-stems.tsv`
/// lists words with the reference's stems.
///
/// A stem is a search key, not a word: gemeenten becomes "meen" and burgerparticipatie "burrparticipeer", because
/// the algorithm takes every ge- inside a word for the ge- of a past participle. What counts is that a query and a
/// document that use forms of the same word get the same key.
///
/// The word is read as Unicode scalars, as the reference does: ë, é and the other accented vowels are recognised in
/// their composed form (ë is U+00EB), so text should be normalised to NFC before it is split into words.
public enum DutchStemmer {
    /// The stem of one word. The word is expected in lowercase (it is lowercased if it is not); something that is
    /// not a word (empty, digits only, symbols) comes back as it was.
    ///
    /// One difference from the reference: the algorithm would leave nothing of 's (as in 's avonds) and 'tje, and
    /// an empty key is of no use to a search, so these come back as they were.
    public static func stem(_ word: String) -> String {
        // Most words are plain lowercase ASCII, which a look at the bytes settles.
        let mayHaveCapitals = word.utf8.contains { byte in byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) }
        if mayHaveCapitals, word.unicodeScalars.contains(where: isUppercase) {
            return stemOfLowercase(word.lowercased())
        }
        return stemOfLowercase(word)
    }

    private static func stemOfLowercase(_ word: String) -> String {
        var stemmed = Word(word)
        guard stemmed.letters.contains(where: isLetter) else { return word }
        stemmed.reduceToStem()
        guard stemmed.isChanged, !stemmed.letters.isEmpty else { return word }
        return stemmed.text
    }

    private static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("A"..."Z").contains(scalar) }
        return scalar.properties.changesWhenLowercased
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("a"..."z").contains(scalar) }
        return scalar.properties.isAlphabetic
    }
}

/// The groups of letters the rules speak of. An accented or umlauted vowel counts as its plain vowel; y counts as a
/// vowel, and the digraph ij (two letters) is treated as a vowel where the rules say so.
private enum Letters {
    /// a, o or u, plain or with an accent or diaeresis.
    static func isAOU(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "a", "à", "á", "â", "ä", "o", "ò", "ó", "ô", "ö", "u", "ù", "ú", "û", "ü": return true
        default: return false
        }
    }

    /// e, plain or with an accent or diaeresis.
    static func isE(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "e", "è", "é", "ê", "ë": return true
        default: return false
        }
    }

    /// i, plain or with an accent or diaeresis.
    static func isI(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "i", "ì", "í", "î", "ï": return true
        default: return false
        }
    }

    /// a, i, o or u (not e), in any of their forms.
    static func isAIOU(_ letter: Unicode.Scalar) -> Bool { isAOU(letter) || isI(letter) }

    /// a, e, i, o or u in any of their forms: the vowels without y.
    static func isAEIOU(_ letter: Unicode.Scalar) -> Bool { isAOU(letter) || isE(letter) || isI(letter) }

    /// The vowels: a, e, i, o, u in any of their forms, and y.
    static func isVowel(_ letter: Unicode.Scalar) -> Bool { letter == "y" || isAEIOU(letter) }

    /// The consonants that are written single when they end the stem doubled (mann → man): all but y.
    static func undoublesAtTheEnd(_ letter: Unicode.Scalar) -> Bool {
        switch letter {
        case "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "w", "x", "z": return true
        default: return false
        }
    }
}

/// The lists of endings the steps look for. A step takes the longest ending of its list that the word ends with,
/// and then applies that ending's rule, or nothing when the rule's conditions do not hold.
private struct Endings {
    /// The endings, longest first, so the first that fits is the longest.
    private let texts: [String]
    /// The letters of all endings one after the other; the ending `texts[i]` ends at `ends[i]`.
    private let letters: [Unicode.Scalar]
    private let ends: [Int]

    init(_ endings: [String]) {
        texts = endings.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
        letters = texts.flatMap { Array($0.unicodeScalars) }
        var end = 0
        ends = texts.map { text in
            end += text.unicodeScalars.count
            return end
        }
    }

    /// The longest of the endings that `word` ends with, and where it starts.
    func longest(in word: [Unicode.Scalar]) -> (ending: String, start: Int)? {
        guard let lastLetter = word.last else { return nil }
        for index in ends.indices {
            let start = index == 0 ? 0 : ends[index - 1]
            let end = ends[index]
            // Compared from the last letter back, where most endings already differ.
            guard letters[end - 1] == lastLetter, end - start <= word.count else { continue }
            var inEnding = end - 2
            var inWord = word.count - 2
            while inEnding >= start, letters[inEnding] == word[inWord] {
                inEnding -= 1
                inWord -= 1
            }
            if inEnding < start { return (texts[index], inWord + 1) }
        }
        return nil
    }

    static let step1 = Endings(["'s", "s", "ies", "es", "és", "aus", "en", "nde"])
    static let step2 = Endings(["je", "ge", "lijke", "ische", "de", "te", "se", "re", "le", "ene", "ieve"])
    static let step3 = Endings(["atie", "iteit", "heid", "sel", "ster", "rder", "ing", "isme", "erij", "arij", "fie", "gie", "tst", "dst"])
    static let step4 = Endings([
        "ioneel", "atief", "baar", "naar", "laar", "raar", "tant", "lijker", "lijkst",
        "achtig", "achtiger", "achtigst", "eriger", "erigst", "erig", "end",
    ])
    static let step4Ig = Endings(["ig", "iger", "igst"])
}

/// One word on its way to its stem: its letters, and the two regions that decide whether an ending may go.
private struct Word {
    private(set) var letters: [Unicode.Scalar]
    private(set) var isChanged = false

    /// R1 is the part of the word after its first vowel-then-consonant (counting ij as a vowel); R2 is the part of R1
    /// after R1's own first vowel-then-consonant. Most endings are removed only when they start inside R1, so a
    /// short word keeps enough of itself. Both are positions in `letters`; they are measured once on the whole word
    /// and again after a ge- is removed.
    private var r1 = 0
    private var r2 = 0

    init(_ word: String) {
        letters = []
        // The UTF-8 length is at hand and never less than the number of scalars; one more leaves room to lengthen.
        letters.reserveCapacity(word.utf8.count + 1)
        for scalar in word.unicodeScalars { letters.append(scalar) }
    }

    /// The letters as a string.
    var text: String {
        let utf8Length = letters.reduce(0) { $0 + UTF8.width($1) }
        return String(unsafeUninitializedCapacity: utf8Length) { buffer in
            var offset = 0
            for letter in letters {
                UTF8.encode(letter) { byte in
                    buffer[offset] = byte
                    offset += 1
                }
            }
            return offset
        }
    }

    /// Runs the steps in the algorithm's order.
    mutating func reduceToStem() {
        markRegions()
        // The last step (undoubling a consonant) is only for words that lost something before.
        var stemmed = false
        if removeInflection() { stemmed = true }
        if removeAdjectiveEndingAndDiminutive() { stemmed = true }
        if removeNounSuffix() { stemmed = true }
        if removeAdjectiveSuffix() { stemmed = true }
        if removeParticiplePrefix() {
            stemmed = true
            markRegions()
            removeParticipleEnding()
        }
        if removeParticipleInfix() {
            stemmed = true
            markRegions()
            removeParticipleEnding()
        }
        if removeTAfterKFP() { stemmed = true }
        if stemmed { undoubleFinalConsonant() }
    }

    // MARK: - The steps

    /// Step 1: plural and genitive endings (-s, -'s, -en, -es), and -nde of a present participle.
    private mutating func removeInflection() -> Bool {
        guard let (ending, start) = Endings.step1.longest(in: letters) else { return false }
        switch ending {
        case "'s":  // thema's → thema, always
            cut(from: start)
        case "s":  // inwoners → inwoner: in R1, after a consonant, and not after a t that is itself in R1
            guard inR1(start), !(has("t", endingAt: start) && inR1(start - 1)), consonantBefore(start) else { return false }
            cut(from: start)
        case "ies":  // studies → studie
            guard inR1(start) else { return false }
            replaceEnding(from: start, with: "ie")
        case "es":
            if has("ar", endingAt: start), inR1(start - 2), consonantBefore(start - 2) {
                cut(from: start)  // lerares → lerar → leraar
                lengthenVowel()
            } else if has("er", endingAt: start), inR1(start - 2), consonantBefore(start - 2) {
                cut(from: start)  // zangeres → zanger
            } else if inR1(start), consonantBefore(start) {
                replaceEnding(from: start, with: "e")  // after another consonant only the s goes: prinses → prinse
            } else {
                return false
            }
        case "és":  // cafés → café
            guard inR1(start) else { return false }
            replaceEnding(from: start, with: "é")
        case "aus":  // bureaus → bureau, after a vowel
            guard inR1(start), vowelBefore(start) else { return false }
            replaceEnding(from: start, with: "au")
        case "en":
            return removeEn(startingAt: start)
        case "nde":  // volgende → volgend, always
            replaceEnding(from: start, with: "nd")
        default:
            return false
        }
        return true
    }

    /// The -en of plurals and verbs, by what comes before it.
    private mutating func removeEn(startingAt start: Int) -> Bool {
        if has("hed", endingAt: start), inR1(start - 3) {
            replaceEnding(from: start - 3, with: "heid")  // mogelijkheden → mogelijkheid
        } else if has("nd", endingAt: start) {
            cut(from: start)  // vrienden → vriend, always
        } else if has("d", endingAt: start), inR1(start - 1), consonantBefore(start - 1) {
            cut(from: start - 1)  // -den after a consonant goes whole: velden → vel
        } else if has("i", endingAt: start) || has("j", endingAt: start), vowelBefore(start - 1) {
            cut(from: start)  // after a vowel + i or after ij, always: partijen → partij, groeien → groei
        } else if inR1(start), consonantBefore(start) {
            cut(from: start)  // raden → rad → raad
            lengthenVowel()
        } else {
            return false
        }
        return true
    }

    /// Step 2: the -e of inflected adjectives and the diminutive -je with the letters that come with it.
    private mutating func removeAdjectiveEndingAndDiminutive() -> Bool {
        guard let (ending, start) = Endings.step2.longest(in: letters) else { return false }
        switch ending {
        case "je":
            return removeDiminutive(jeStartingAt: start)
        case "ge", "lijke", "ische", "te", "se", "re":  // mogelijke → mogelijk, korte → kort: the e goes
            guard inR1(start) else { return false }
            cut(from: letters.count - 1)
        case "de":  // wilde → wil: -de after a consonant goes
            guard inR1(start), consonantBefore(start) else { return false }
            cut(from: start)
        case "le":  // lokale → lokal → lokaal
            guard inR1(start) else { return false }
            cut(from: letters.count - 1)
            lengthenVowel()
        case "ene":  // verlorene → verloren: after a consonant the e goes, then the vowel before may be doubled
            guard inR1(start), consonantBefore(start) else { return false }
            cut(from: letters.count - 1)
            lengthenVowel()
        case "ieve":  // actieve → actief, after a consonant
            guard inR1(start), consonantBefore(start) else { return false }
            replaceEnding(from: start, with: "ief")
        default:
            return false
        }
        return true
    }

    /// The diminutive -je, with the -tje, -etje, -pje or -'tje forms it takes after some letters. The first of these
    /// descriptions that fits decides.
    private mutating func removeDiminutive(jeStartingAt start: Int) -> Bool {
        if has("'t", endingAt: start) {
            cut(from: start - 2)  // oma'tje → oma, always
        } else if has("et", endingAt: start), inR1(start - 2), consonantBefore(start - 2) {
            cut(from: start - 2)  // balletje → ball (→ bal in the last step)
        } else if has("rnt", endingAt: start) {
            cut(from: start - 1)  // lantaarntje → lantaarn, always
        } else if has("t", endingAt: start), inR1(start - 1), vowelBefore(start - 2) {
            cut(from: start - 1)  // -tje when the letter two before the t is a vowel (or ij): autootje → autoo
        } else if has("ink", endingAt: start) {
            replaceEnding(from: start - 1, with: "g")  // koninkje → koning, always
        } else if has("mp", endingAt: start) {
            cut(from: start - 1)  // boompje → boom, always
        } else if has("'", endingAt: start), inR1(start - 1) {
            cut(from: start - 1)  // -'je after an abbreviation or a vowel, when the apostrophe is in R1
        } else if inR1(start), consonantBefore(start) {
            cut(from: start)  // huisje → huis
        } else {
            return false
        }
        return true
    }

    /// Step 3: suffixes that make nouns (-atie, -heid, -ing, -isme, -iteit, -erij, -ster and a few more).
    private mutating func removeNounSuffix() -> Bool {
        guard let (ending, start) = Endings.step3.longest(in: letters) else { return false }
        switch ending {
        case "atie":  // participatie → participeer, the stem of geparticipeerd (participeren gives participer)
            guard inR1(start) else { return false }
            replaceEnding(from: start, with: "eer")
        case "iteit":  // activiteit → activ
            guard inR1(start) else { return false }
            cut(from: start)
            lengthenVowel()
        case "heid", "sel", "ster":  // duidelijkheid → duidelijk, raadsel → raad
            guard inR1(start) else { return false }
            cut(from: start)
        case "rder":  // verder → ver, always
            replaceEnding(from: start, with: "r")
        case "ing", "isme", "erij":
            if has("ild", endingAt: start) {
                // Keeps schilderij (painting) apart from schild (shield). The exception is written for -erij but
                // applies to all three endings: any of them after -ild becomes -er, in or out of R1.
                replaceEnding(from: start, with: "er")
            } else if inR1(start) {
                cut(from: start)  // vergadering → vergader, dualisme → dual, bakkerij → bakk (→ bak)
                lengthenVowel()
            } else {
                return false
            }
        case "arij":  // after a consonant: kanselarij → kanselaar
            guard inR1(start), consonantBefore(start) else { return false }
            replaceEnding(from: start, with: "aar")
        case "fie", "gie":  // only in R2: filosofie → filosof → filosoof, psychologie → psycholoog
            guard inR2(start) else { return false }
            cut(from: start + 1)
            lengthenVowel()
        case "tst", "dst":  // superlatives, after a consonant: gezondst → gezond
            guard inR1(start), consonantBefore(start) else { return false }
            cut(from: start + 1)
        default:
            return false
        }
        return true
    }

    /// Step 4: suffixes that make adjectives (-baar, -achtig, -ig, -end, -erig, -lijker, -ioneel, -atief and a few
    /// more). If the word has none of the longer suffixes, or their conditions do not hold, -ig, -iger and -igst are
    /// tried.
    private mutating func removeAdjectiveSuffix() -> Bool {
        if let (ending, start) = Endings.step4.longest(in: letters), inR1(start) {
            switch ending {
            case "ioneel":  // traditioneel → traditie
                replaceEnding(from: start, with: "ie")
                return true
            case "atief":  // informatief → informeer
                replaceEnding(from: start, with: "eer")
                return true
            case "baar", "achtig", "achtiger", "achtigst":  // betaalbaar → betaal
                cut(from: start)
                return true
            case "naar", "laar", "raar":  // after a vowel, all but the first letter go: wandelaar → wandel
                if vowelBefore(start) {
                    cut(from: start + 1)
                    return true
                }
            case "tant":  // consultant → consulteer
                replaceEnding(from: start, with: "teer")
                return true
            case "lijker", "lijkst":  // mogelijker → mogelijk
                replaceEnding(from: start, with: "lijk")
                return true
            case "end", "erig", "eriger", "erigst":  // after a consonant: lopend → lop → loop, slaperig → slaap
                if consonantBefore(start) {
                    cut(from: start)
                    lengthenVowel()
                    return true
                }
            default:
                break
            }
        }
        guard let (_, start) = Endings.step4Ig.longest(in: letters), inR1(start) else { return false }
        // Keeps innig (intimate) apart from in (in).
        if start == 3, has("inn", endingAt: start) { return false }
        guard consonantBefore(start) else { return false }
        cut(from: start)  // zorgvuldig → zorgvuld
        lengthenVowel()
        return true
    }

    /// The ge- of a past participle at the start of the word: geparticipeerd → participeerd. It goes only when at least
    /// three letters follow and these hold a vowel with another letter after it; and not before -eft, -vaa, -vare or
    /// -val (but it does before -vali), so that geeft, gevaar, gevaren and geval keep it. A diaeresis that only
    /// separated the e of ge- from the next vowel goes with it: geëvalueerd → evalueerd.
    private mutating func removeParticiplePrefix() -> Bool {
        guard has("ge", startingAt: 0), letters.count >= 5, vowelThenMoreFollows(from: 2) else { return false }
        var afterException = 2
        if has("vali", startingAt: 2) {
            afterException = 6
        } else if has("eft", startingAt: 2) || has("vaa", startingAt: 2) || has("val", startingAt: 2) || has("vare", startingAt: 2) {
            return false
        }
        letters.removeSubrange(0..<2)
        isChanged = true
        // The reference looks for the diaeresis where its exception list stopped matching, which after -vali is
        // four letters on rather than at the start.
        dropDiaeresis(at: afterException - 2)
        return true
    }

    /// A ge- inside the word, as in the participle of a separable verb: aangemeld → aanmeld, geëvalueerd after
    /// another prefix. Only the first ge- after the first letter is considered; the same conditions on what follows
    /// apply as for the prefix, without its exceptions. The algorithm cannot tell this ge- from the letters g, e in
    /// other words, so burgerparticipatie loses one too (burrparticipeer).
    private mutating func removeParticipleInfix() -> Bool {
        guard letters.count >= 3 else { return false }
        var position = 1
        while position + 1 < letters.count, !(letters[position] == "g" && letters[position + 1] == "e") { position += 1 }
        guard position + 1 < letters.count, position + 5 <= letters.count, vowelThenMoreFollows(from: position + 2) else {
            return false
        }
        letters.removeSubrange(position..<position + 2)
        isChanged = true
        dropDiaeresis(at: position)
        return true
    }

    /// After a ge- was removed, the -d or -t that ends the participle: participeerd → participeer, aanmeld → aanmel
    /// (the stem of aanmelden). Only in R1, after a consonant, and not after an n or h that is in R1 itself. Two words
    /// keep their meaning by exception: geïnd (ind) becomes inn, the stem of innen, and geënt (ent) keeps its t.
    private mutating func removeParticipleEnding() {
        guard let last = letters.last, last == "d" || last == "t" else { return }
        let position = letters.count - 1
        guard inR1(position), consonantBefore(position) else { return }
        if last == "d" {
            guard !(has("n", endingAt: position) && inR1(position - 1)) else { return }
            if position == 2, has("in", endingAt: position) {
                replaceEnding(from: position, with: "n")
            } else {
                cut(from: position)
            }
        } else {
            guard !(has("h", endingAt: position) && inR1(position - 1)) else { return }
            guard !(position == 2 && has("en", endingAt: position)) else { return }
            cut(from: position)
        }
    }

    /// Step 7: a final t after k, f or p goes, always: werkt → werk, heeft → heef, helpt → help.
    private mutating func removeTAfterKFP() -> Bool {
        guard has("kt", endingAt: letters.count) || has("ft", endingAt: letters.count) || has("pt", endingAt: letters.count) else {
            return false
        }
        cut(from: letters.count - 1)
        return true
    }

    /// Step 6, for words an earlier step changed: a doubled final consonant becomes single (mann → man), a final
    /// v becomes f (brieven → briev → brief) and a final z becomes s (huizen → huiz → huis). The word inn (from innen
    /// or geïnd) keeps its nn.
    private mutating func undoubleFinalConsonant() {
        guard let last = letters.last else { return }
        let count = letters.count
        if count >= 2, letters[count - 2] == last, Letters.undoublesAtTheEnd(last) {
            if last == "n", count == 3, letters[0] == "i" { return }
            cut(from: count - 1)
        } else if last == "v" {
            replaceEnding(from: count - 1, with: "f")
        } else if last == "z" {
            replaceEnding(from: count - 1, with: "s")
        }
    }

    /// After an ending is removed, a vowel that was long in an open syllable is written double again in the closed
    /// one that is left: rad(en) → raad, lop(en) → loop. It applies when the word ends in a consonant (not w or x)
    /// with a single a, o, u or e before it that is not part of a longer vowel group. For an e there are extra
    /// conditions, because an e before the last consonant is often a toneless e (wandel, tafel, egel): it is doubled
    /// only when neither the letter before its consonant is a, i, o or u, nor the letter before that is (after a
    /// consonant), nor the word starts with e, a consonant and this e. After ië the ë becomes an e and an e is added
    /// (financiël → financieel); after eë an e is added.
    private mutating func lengthenVowel() {
        let count = letters.count
        guard count >= 2, !Letters.isVowel(letters[count - 1]), letters[count - 1] != "w", letters[count - 1] != "x" else {
            return
        }
        let consonant = count - 1
        if consonant >= 2, letters[consonant - 1] == "ë" {
            if letters[consonant - 2] == "e" {
                letters.insert("e", at: consonant)  // eë → eëe
                isChanged = true
            } else if letters[consonant - 2] == "i" {
                letters[consonant - 1] = "e"  // ië → iee
                letters.insert("e", at: consonant)
                isChanged = true
            }
            return
        }
        let vowelPosition = consonant - 1
        let vowel = letters[vowelPosition]
        // The vowel must stand alone: at the start of the word, or after a letter that is no vowel (y counts as none).
        guard vowelPosition == 0 || !Letters.isAEIOU(letters[vowelPosition - 1]) else { return }
        if Letters.isAOU(vowel) {
            letters.insert(vowel, at: vowelPosition)
            isChanged = true
        } else if vowel == "e" || vowel == "è" || vowel == "é" || vowel == "ê" {
            // `before` is the letter before this e (or the e itself at the start of the word).
            let before = max(vowelPosition - 1, 0)
            if before >= 1, Letters.isAIOU(letters[before - 1]) { return }
            if before == 1, Letters.isE(letters[0]) { return }
            if before >= 3, Letters.isAIOU(letters[before - 2]), !Letters.isAEIOU(letters[before - 3]) { return }
            letters.insert(vowel, at: vowelPosition)
            isChanged = true
        }
    }

    // MARK: - Regions and letter tests

    /// Measures R1 and R2 (see `r1`). A region that does not exist starts at the end of the word.
    private mutating func markRegions() {
        r1 = letters.count
        r2 = letters.count
        guard let start1 = afterVowelThenConsonant(from: 0) else { return }
        r1 = start1
        guard let start2 = afterVowelThenConsonant(from: start1) else { return }
        r2 = start2
    }

    /// From `start`: skips consonants, then one or more vowels (ij counting as one), then one consonant, and returns
    /// the position after it; nil when the word ends first.
    private func afterVowelThenConsonant(from start: Int) -> Int? {
        guard let afterVowels = afterFirstVowelGroup(from: start), afterVowels < letters.count else { return nil }
        return afterVowels + 1  // the letter at `afterVowels` is no vowel, or the group would have taken it
    }

    /// Whether, from `start`, the word holds a vowel (or ij) and at least one letter after that vowel group.
    private func vowelThenMoreFollows(from start: Int) -> Bool {
        guard let afterVowels = afterFirstVowelGroup(from: start) else { return false }
        return afterVowels < letters.count
    }

    /// The position after the first group of vowels (ij counting as a vowel) at or after `start`; nil if there is none.
    private func afterFirstVowelGroup(from start: Int) -> Int? {
        var position = start
        while position < letters.count, !Letters.isVowel(letters[position]) { position += 1 }
        guard position < letters.count else { return nil }
        while position < letters.count {
            if letters[position] == "i", position + 1 < letters.count, letters[position + 1] == "j" {
                position += 2
            } else if Letters.isVowel(letters[position]) {
                position += 1
            } else {
                break
            }
        }
        return position
    }

    private func inR1(_ position: Int) -> Bool { position >= r1 }

    private func inR2(_ position: Int) -> Bool { position >= r2 }

    /// Whether the letter just before `position` is a vowel, or the two before it are ij.
    private func vowelBefore(_ position: Int) -> Bool {
        guard position >= 1, position <= letters.count else { return false }
        return Letters.isVowel(letters[position - 1]) || has("ij", endingAt: position)
    }

    /// Whether the letter just before `position` is a consonant, and not the j of ij.
    private func consonantBefore(_ position: Int) -> Bool {
        guard position >= 1, position <= letters.count else { return false }
        return !Letters.isVowel(letters[position - 1]) && !has("ij", endingAt: position)
    }

    /// Whether the letters just before `end` are `text` (plain ASCII letters and apostrophes).
    private func has(_ text: StaticString, endingAt end: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard end <= letters.count, end >= length else { return false }
        return text.withUTF8Buffer { ascii in
            var position = end - length
            for byte in ascii {
                if letters[position].value != UInt32(byte) { return false }
                position += 1
            }
            return true
        }
    }

    /// Whether the letters from `start` on begin with `text` (plain ASCII letters).
    private func has(_ text: StaticString, startingAt start: Int) -> Bool {
        guard start >= 0 else { return false }
        return has(text, endingAt: start + text.utf8CodeUnitCount)
    }

    // MARK: - Changing the word

    /// Removes the letters from `position` to the end.
    private mutating func cut(from position: Int) {
        letters.removeLast(letters.count - position)
        isChanged = true
    }

    /// Replaces the letters from `position` to the end by `ending`.
    private mutating func replaceEnding(from position: Int, with ending: String) {
        letters.removeLast(letters.count - position)
        letters.append(contentsOf: ending.unicodeScalars)
        isChanged = true
    }

    /// Turns ë into e and ï into i at `position`.
    private mutating func dropDiaeresis(at position: Int) {
        guard position < letters.count else { return }
        switch letters[position] {
        case "ë": letters[position] = "e"
        case "ï": letters[position] = "i"
        default: return
        }
    }
}

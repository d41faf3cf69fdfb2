import Foundation

/// Millisecond timestamps in the two textual forms Medplum uses: `Date.toISOString()`
/// (`2025-01-02T03:04:05.678Z`, the form of `meta.lastUpdated`) and `Date.toUTCString()`
/// (`Thu, 02 Jan 2025 03:04:05 GMT`, the form of `Last-Modified`).
enum Instant {
    /// Milliseconds since the epoch for a date.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `Date.prototype.toISOString()`.
    static func iso(_ milliseconds: Int64) -> String {
        let civil = Civil(milliseconds)
        return "\(pad(civil.year, 4))-\(pad(civil.month))-\(pad(civil.day))T\(pad(civil.hour)):\(pad(civil.minute)):"
            + "\(pad(civil.second)).\(pad(civil.millisecond, 3))Z"
    }

    /// `Date.prototype.toUTCString()`.
    static func httpDate(_ milliseconds: Int64) -> String {
        let civil = Civil(milliseconds)
        let weekday = weekdays[civil.weekday]
        let month = months[civil.month - 1]
        return "\(weekday), \(pad(civil.day)) \(month) \(pad(civil.year, 4)) \(pad(civil.hour)):\(pad(civil.minute)):\(pad(civil.second)) GMT"
    }

    /// Parses a FHIR date, dateTime or instant into the half-open range of milliseconds it covers
    /// (`2024` covers the whole year; a full instant covers one millisecond).
    static func range(_ text: String) -> Range<Int64>? {
        let scalars = Array(text.utf8)
        var cursor = 0
        func number(_ digits: Int) -> Int? {
            guard cursor + digits <= scalars.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = scalars[cursor + offset]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            cursor += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard cursor < scalars.count, scalars[cursor] == character.asciiValue else { return false }
            cursor += 1
            return true
        }
        guard let year = number(4) else { return nil }
        guard expect("-"), let month = number(2), (1...12).contains(month) else {
            return cursor == scalars.count ? span(year, 1, 1, unit: .year) : nil
        }
        guard expect("-"), let day = number(2), (1...31).contains(day) else {
            return cursor == scalars.count ? span(year, month, 1, unit: .month) : nil
        }
        guard cursor < scalars.count else { return span(year, month, day, unit: .day) }
        guard expect("T"), let hour = number(2), expect(":"), let minute = number(2) else { return nil }
        var second = 0
        var millisecond = 0
        var precision: Int64 = 60_000
        if expect(":"), let parsed = number(2) {
            second = parsed
            precision = 1000
            if expect(".") {
                var digits = 0
                var fraction = 0
                while cursor < scalars.count, scalars[cursor] >= 48, scalars[cursor] <= 57 {
                    if digits < 3 { fraction = fraction * 10 + Int(scalars[cursor] - 48) }
                    digits += 1
                    cursor += 1
                }
                for _ in min(digits, 3)..<3 { fraction *= 10 }
                millisecond = fraction
                precision = 1
            }
        }
        var offsetMinutes = 0
        if expect("Z") {
            offsetMinutes = 0
        } else if cursor < scalars.count, scalars[cursor] == 43 || scalars[cursor] == 45 {
            let negative = scalars[cursor] == 45
            cursor += 1
            guard let hours = number(2), expect(":"), let minutes = number(2) else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (negative ? -1 : 1)
        }
        guard cursor == scalars.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let start = ((Int64(days) * 24 + Int64(hour)) * 60 + Int64(minute) - Int64(offsetMinutes)) * 60_000
            + Int64(second) * 1000 + Int64(millisecond)
        return start..<(start + precision)
    }

    private enum Unit { case year, month, day }

    private static func span(_ year: Int, _ month: Int, _ day: Int, unit: Unit) -> Range<Int64> {
        let start = Int64(daysFromCivil(year, month, day)) * 86_400_000
        let end: Int64
        switch unit {
        case .year: end = Int64(daysFromCivil(year + 1, 1, 1)) * 86_400_000
        case .month:
            end = Int64(month == 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)) * 86_400_000
        case .day: end = start + 86_400_000
        }
        return start..<end
    }

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Civil {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millisecond = 0, weekday = 0

        init(_ milliseconds: Int64) {
            var days = milliseconds / 86_400_000
            var rest = milliseconds % 86_400_000
            if rest < 0 {
                rest += 86_400_000
                days -= 1
            }
            millisecond = Int(rest % 1000)
            second = Int(rest / 1000 % 60)
            minute = Int(rest / 60_000 % 60)
            hour = Int(rest / 3_600_000)
            weekday = Int(((days % 7) + 7) % 7)
            let z = Int(days) + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let mp = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * mp + 2) / 5 + 1
            month = mp < 10 ? mp + 3 : mp - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        }
    }
}

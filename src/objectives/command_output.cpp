#include "objectives/command_output.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include <fermata/core/error.hpp>

namespace fermata {
namespace {

/// The line as messages quote it: long lines are cut, they are not worth reading in full.
std::string quoted(std::string_view line) {
  constexpr std::size_t kShown = 200;
  if (line.size() <= kShown) return fmt::format("'{}'", line);
  return fmt::format("'{}...' ({} characters)", line.substr(0, kShown), line.size());
}

/// A strict reader of one JSON text, enough to find the top-level object's "error" member.
/// None of fermata's libraries reads JSON (Debian's Boost 1.74 packages have no Boost.JSON),
/// and one line of output needs nothing beyond the grammar of RFC 8259, which is small.
class JsonLine {
 public:
  explicit JsonLine(std::string_view text) : text_(text) {}

  /// The number under "error" of the object that is the whole text; throws ModelError.
  double error_member() {
    std::optional<double> error;
    std::string error_kind;
    expect('{');
    if (!take('}')) {
      do {
        skip_space();
        const std::string key = string();
        expect(':');
        const Value value = this->value(1);
        if (key != "error") continue;
        if (!error_kind.empty()) fail_with("the key \"error\" appears twice");
        error_kind = value.kind;
        error = value.number;
      } while (take(','));
      expect('}');
    }
    skip_space();
    if (pos_ != text_.size()) fail("the end of the line after the object");
    if (error_kind.empty()) fail_with("the JSON object has no \"error\" key");
    if (!error) fail_with("\"error\" is " + error_kind + ", expected a number");
    return *error;
  }

 private:
  struct Value {
    std::string kind;  ///< for messages: "a number", "a string", ...
    std::optional<double> number;
  };

  static constexpr int kMaxDepth = 64;

  [[noreturn]] void fail_with(const std::string& what) const {
    throw ModelError(fmt::format("{} in the last line {}", what, quoted(text_)));
  }
  [[noreturn]] void fail(const std::string& expected) const {
    fail_with(fmt::format("invalid JSON: expected {} at character {}", expected, pos_ + 1));
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }
  bool take(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!take(c)) fail(fmt::format("'{}'", c));
  }
  bool take_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  /// A string, escapes decoded (\u escapes as UTF-8 of the code unit: keys are only compared).
  std::string string() {
    if (pos_ >= text_.size() || text_[pos_] != '"') fail("a string in double quotes");
    ++pos_;
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      const char c = text_[pos_++];
      if (static_cast<unsigned char>(c) < 0x20) fail("no control character inside a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) break;
      const char e = text_[pos_++];
      static constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
      if (const auto at = kFrom.find(e); at != std::string_view::npos) {
        out.push_back(kTo[at]);
      } else if (e == 'u') {
        unsigned code = 0;
        const auto hex = text_.substr(pos_, 4);
        const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), code, 16);
        if (hex.size() != 4 || ec != std::errc() || end != hex.data() + 4) {
          fail("four hex digits after \\u");
        }
        pos_ += 4;
        if (code < 0x80) {
          out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (code >> 6)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xE0 | (code >> 12)));
          out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
      } else {
        --pos_;
        fail("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
      }
    }
    if (pos_ >= text_.size()) fail("the closing '\"' of the string");
    ++pos_;
    return out;
  }

  /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, then converted.
  double number() {
    const std::size_t start = pos_;
    const auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      if (pos_ == from) fail("a digit");
    };
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else {
      digits();
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      digits();
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      digits();
    }
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, value);
    if (ec == std::errc::result_out_of_range) return NAN;  // reported as out of range
    return value;
  }

  Value value(int depth) {
    skip_space();
    if (depth > kMaxDepth) fail(fmt::format("at most {} levels of nesting", kMaxDepth));
    if (pos_ >= text_.size()) fail("a value");
    const char c = text_[pos_];
    if (c == '"') {
      string();
      return Value{"a string", std::nullopt};
    }
    if (c == '-' || (c >= '0' && c <= '9')) return Value{"a number", number()};
    if (take_word("true") || take_word("false")) return Value{"a boolean", std::nullopt};
    if (take_word("null")) return Value{"null", std::nullopt};
    if (c == '[' || c == '{') {
      const char close = c == '[' ? ']' : '}';
      ++pos_;
      if (!take(close)) {
        do {
          if (c == '{') {
            skip_space();
            string();
            expect(':');
          }
          value(depth + 1);
        } while (take(','));
        expect(close);
      }
      return Value{c == '[' ? "an array" : "an object", std::nullopt};
    }
    fail("a value (a string, number, object, array, true, false or null)");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

double parse_error_line(const std::string& line) {
  if (line.empty()) throw ModelError("it printed nothing on standard output");
  double value = 0.0;
  if (line.front() == '{') {
    value = JsonLine(line).error_member();
  } else {
    // A leading '+' is what some printf formats produce; from_chars does not accept it.
    const std::string_view text =
        line.front() == '+' ? std::string_view(line).substr(1) : std::string_view(line);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range) value = NAN;  // reported as out of range
    if ((ec != std::errc() && ec != std::errc::result_out_of_range) ||
        end != text.data() + text.size()) {
      throw ModelError("its last line " + quoted(line) +
                       " is neither a number nor a JSON object with an \"error\" number");
    }
  }
  if (!std::isfinite(value)) {
    throw ModelError("its last line " + quoted(line) +
                     " reports an error that is not a finite double");
  }
  return value;
}

}  // namespace fermata

#include "data/delimited.hpp"

#include <cstddef>

namespace fermata::data_detail {
namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Most files have no quotes at all; they take this path, which only looks for delimiters.
void split_unquoted(std::string_view record, char delimiter,
                    std::vector<std::string_view>& fields) {
  std::size_t start = 0;
  while (true) {
    const std::size_t end = record.find(delimiter, start);
    if (end == std::string_view::npos) {
      fields.push_back(trim_spaces(record.substr(start)));
      return;
    }
    fields.push_back(trim_spaces(record.substr(start, end - start)));
    start = end + 1;
  }
}

}  // namespace

bool ends_inside_quotes(std::string_view record, char delimiter) {
  if (record.find('"') == std::string_view::npos) return false;
  bool in_quotes = false;
  bool field_start = true;
  for (std::size_t i = 0; i < record.size(); ++i) {
    const char c = record[i];
    if (in_quotes) {
      if (c != '"') continue;
      if (i + 1 < record.size() && record[i + 1] == '"') {
        ++i;  // an escaped quote inside the field
      } else {
        in_quotes = false;
      }
    } else if (c == delimiter) {
      field_start = true;
    } else if (c == '"' && field_start) {
      in_quotes = true;
      field_start = false;
    } else if (c != ' ') {
      field_start = false;  // a quote in the middle of an unquoted field is plain text
    }
  }
  return in_quotes;
}

bool split_fields(std::string& record, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  if (record.find('"') == std::string::npos) {
    split_unquoted(record, delimiter, fields);
    return true;
  }
  char* data = record.data();
  const std::size_t n = record.size();
  std::size_t i = 0;
  while (true) {
    std::size_t first = i;
    while (first < n && data[first] == ' ') ++first;
    if (first < n && data[first] == '"') {
      // Unescape in place: the written text never outruns the text read.
      i = first + 1;
      const std::size_t begin = i;
      std::size_t out = i;
      bool closed = false;
      while (i < n) {
        if (data[i] == '"') {
          if (i + 1 < n && data[i + 1] == '"') {
            data[out++] = '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        data[out++] = data[i++];
      }
      if (!closed) return false;
      fields.emplace_back(data + begin, out - begin);
      while (i < n && data[i] == ' ') ++i;
      if (i == n) return true;
      if (data[i] != delimiter) return false;
      ++i;
    } else {
      std::size_t end = i;
      while (end < n && data[end] != delimiter) ++end;
      fields.push_back(trim_spaces(std::string_view(data + i, end - i)));
      if (end == n) return true;
      i = end + 1;
    }
  }
}

}  // namespace fermata::data_detail

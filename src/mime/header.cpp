#include "mime/header.hpp"

#include <cstring>

#include "mime/rfc822.hpp"

namespace cairn::mime {

std::size_t blank_line_at(std::string_view d, std::size_t pos) {
  if (pos < d.size() && d[pos] == '\n') return 1;
  if (pos + 1 < d.size() && d[pos] == '\r' && d[pos + 1] == '\n') return 2;
  return 0;
}

std::size_t read_field(std::string_view d, std::size_t pos, header_field& out) {
  out = header_field{};
  const std::size_t start = pos;
  // The first ':' of the first line splits name and value.
  std::size_t lf = d.find('\n', pos);
  std::size_t line_end = lf == std::string_view::npos ? d.size() : lf;
  std::size_t colon = std::string_view::npos;
  for (std::size_t i = pos; i < line_end; ++i) {
    if (d[i] == ':') {
      colon = i;
      break;
    }
  }
  std::size_t content_end = line_end;  // first line without its line ending
  if (lf != std::string_view::npos && lf > pos && d[lf - 1] == '\r') content_end = lf - 1;
  if (colon != std::string_view::npos) {
    std::size_t n = colon;
    while (n > pos && (d[n - 1] == ' ' || d[n - 1] == '\t')) --n;
    out.name = d.substr(pos, n - pos);
    out.has_colon = true;
  } else {
    out.name = d.substr(pos, content_end - pos);
  }
  std::size_t value_start = colon == std::string_view::npos ? content_end : colon + 1;
  // Continuation lines: the next line begins with SP or TAB.
  std::size_t end = lf == std::string_view::npos ? d.size() : lf + 1;
  std::size_t last_lf = lf;
  while (last_lf != std::string_view::npos && end < d.size() && (d[end] == ' ' || d[end] == '\t')) {
    last_lf = d.find('\n', end);
    end = last_lf == std::string_view::npos ? d.size() : last_lf + 1;
  }
  out.raw = d.substr(start, end - start);
  out.has_newline = last_lf != std::string_view::npos;
  std::size_t value_end = end;
  if (out.has_newline) {
    value_end = last_lf;
    if (value_end > value_start && d[value_end - 1] == '\r') {
      --value_end;
      out.last_line_crlf = true;
    }
  }
  if (value_end < value_start) value_end = value_start;
  out.raw_value = d.substr(value_start, value_end - value_start);
  out.has_nul = std::memchr(out.raw.data(), 0, out.raw.size()) != nullptr;
  return end;
}

bool header_reader::next(header_field& f) {
  if (done_ || pos_ >= data_.size()) return false;
  if (blank_line_at(data_, pos_) != 0) {
    done_ = true;
    return false;
  }
  pos_ = read_field(data_, pos_, f);
  return true;
}

std::string field_value(const header_field& f) {
  std::string out;
  std::string_view v = f.raw_value;
  // Split into lines; the first is after the colon.
  std::size_t i = 0;
  bool first = true;
  while (true) {
    std::size_t lf = v.find('\n', i);
    std::string_view line = v.substr(i, lf == std::string_view::npos ? std::string_view::npos : lf - i);
    if (lf != std::string_view::npos && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      std::size_t k = 0;
      while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
      if (k == line.size() && !line.empty()) k = 1;  // only white space: skip one
      out.append(line.substr(k));
      first = false;
    } else {
      out += '\n';
      out.append(line);
    }
    if (lf == std::string_view::npos) break;
    i = lf + 1;
  }
  return out;
}

std::string unfold(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n') continue;
    if (v[i] == '\n') continue;
    out += v[i];
  }
  std::size_t b = 0, e = out.size();
  while (b < e && (out[b] == ' ' || out[b] == '\t')) ++b;
  while (e > b && (out[e - 1] == ' ' || out[e - 1] == '\t')) --e;
  return out.substr(b, e - b);
}

std::string_view comparable_name(std::string_view name) {
  std::size_t nul = name.find('\0');
  return nul == std::string_view::npos ? name : name.substr(0, nul);
}

std::string filter_header(std::string_view header, const std::vector<std::string>& names,
                          bool exclude) {
  std::string out;
  header_reader rd(header);
  header_field f;
  bool ended = false;
  while (true) {
    if (!rd.next(f)) {
      ended = rd.offset() < header.size();  // stopped at the blank line
      break;
    }
    std::string_view n = comparable_name(f.name);
    bool match = false;
    for (const std::string& want : names) {
      if (iequals(n, want)) {
        match = true;
        break;
      }
    }
    if (match == exclude) continue;
    out.append(f.raw);
  }
  // HEADER.FIELDS always ends with "\r\n" (the blank line, or the end of an
  // unterminated last line); HEADER.FIELDS.NOT only when the header had a
  // blank line. Dovecot 2.3 answers both so.
  if (ended || !exclude) out += "\r\n";
  return out;
}

}  // namespace cairn::mime

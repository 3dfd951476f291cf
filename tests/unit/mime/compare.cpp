#include "compare.hpp"

#include "mime/decoder.hpp"
#include "mime/header.hpp"
#include "mime/message.hpp"
#include "mime/structure.hpp"

namespace cairn::mime::test {
namespace {

std::string printable(std::string_view s, std::size_t max = 400) {
  std::string out;
  for (unsigned char c : s.substr(0, max)) {
    if (c == '\\') out += "\\\\";
    else if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c < 0x20 || c >= 0x7f) {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02x", c);
      out += b;
    } else out += static_cast<char>(c);
  }
  if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

void compare_imap(std::vector<mismatch>& out, const std::string& item, std::string_view want,
                  std::string_view got) {
  auto w = parse_imap(want), g = parse_imap(got);
  if (!g) {
    out.push_back({item, printable(want), "unparsable: " + printable(got)});
    return;
  }
  if (!w || !(*w == *g)) out.push_back({item, w ? show(*w) : printable(want), show(*g)});
}

void compare_data(std::vector<mismatch>& out, const expected_item& e, std::string_view got) {
  if (e.kind == "data") {
    if (e.bytes != got) out.push_back({e.name, printable(e.bytes), printable(got)});
  } else if (e.kind == "sha256") {
    if (e.length != got.size() || e.bytes != sha256_hex(got))
      out.push_back({e.name, "sha256 " + e.bytes.substr(0, 12) + " len " + std::to_string(e.length),
                     "sha256 " + sha256_hex(got).substr(0, 12) + " len " + std::to_string(got.size()) +
                         " " + printable(got, 200)});
  } else if (e.kind == "nil") {
    out.push_back({e.name, "NIL", printable(got)});
  } else {
    out.push_back({e.name, e.kind + " " + e.bytes, printable(got)});
  }
}

std::vector<std::uint32_t> parse_path(std::string_view p) {
  std::vector<std::uint32_t> out;
  std::uint32_t n = 0;
  for (char c : p) {
    if (c == '.') {
      out.push_back(n);
      n = 0;
    } else {
      n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
  }
  if (!p.empty()) out.push_back(n);
  return out;
}

}  // namespace

std::vector<mismatch> compare_with_expected(const std::string& file,
                                            const std::vector<expected_item>& items) {
  std::vector<mismatch> out;
  const std::string raw = normalize_crlf(file);
  message m = parse(raw);
  structure fresh = structure::from(m);
  auto decoded = structure::decode(fresh.encode());
  if (!decoded) {
    out.push_back({"(structure)", "decodes", "does not decode"});
    return out;
  }
  const structure& st = *decoded;
  for (const expected_item& e : items) {
    const std::string& n = e.name;
    if (n == "ENVELOPE") {
      compare_imap(out, n, e.bytes, st.envelope());
    } else if (n == "BODYSTRUCTURE") {
      compare_imap(out, n, e.bytes, st.bodystructure());
    } else if (n == "BODY") {
      compare_imap(out, n, e.bytes, st.body());
    } else if (n == "RFC822.SIZE") {
      if (e.bytes != std::to_string(raw.size())) out.push_back({n, e.bytes, std::to_string(raw.size())});
    } else if (n.rfind("BODY[", 0) == 0) {
      std::size_t close = n.find(']');
      std::string sec = n.substr(5, close - 5);
      auto spec = parse_section(sec);
      if (!spec) {
        out.push_back({n, e.kind, "section does not parse"});
        continue;
      }
      section_location loc = locate(st, *spec);
      std::string content;
      if (loc.exists) {
        std::string_view range(raw.data() + loc.begin, loc.end - loc.begin);
        content = loc.filter ? filter_header(range, spec->fields,
                                             spec->kind == section_kind::header_fields_not)
                             : std::string(range);
      }
      if (close + 1 < n.size() && n[close + 1] == '<') {
        // Partial: the generator asks TEXT<4.20> and []<0.7>.
        std::size_t off = std::stoull(n.substr(close + 2));
        std::size_t len = sec.empty() ? 7 : 20;
        content = off >= content.size() ? std::string() : content.substr(off, len);
      }
      // A NUL cannot travel in an IMAP literal: proto::append_literal (like
      // Dovecot) sends it as 0x80, so compare what the client receives.
      for (char& ch : content)
        if (ch == '\0') ch = '\x80';
      compare_data(out, e, content);
    } else if (n.rfind("BINARY[", 0) == 0 || n.rfind("BINARY.SIZE[", 0) == 0) {
      bool size = n.rfind("BINARY.SIZE[", 0) == 0;
      std::size_t open = n.find('['), close = n.find(']');
      binary_location loc = locate_binary(st, parse_path(n.substr(open + 1, close - open - 1)));
      std::string_view enc(raw.data() + loc.begin, loc.end - loc.begin);
      if (e.kind == "no") {
        bool unknown = e.bytes.find("UNKNOWN-CTE") != std::string::npos;
        if (unknown && loc.cte != transfer_encoding::unknown)
          out.push_back({n, e.bytes, "decoded (known encoding)"});
        if (!unknown) {
          body_decoder d(loc.cte);
          std::string tmp;
          d.feed(enc, tmp);
          d.finish(tmp);
          out.push_back({n, e.bytes, d.broken() ? "decoded broken data leniently" : "decoded cleanly"});
        }
        continue;
      }
      if (loc.cte == transfer_encoding::unknown) {
        out.push_back({n, e.kind, "UNKNOWN-CTE"});
        continue;
      }
      if (size) {
        std::string got = std::to_string(decoded_size(enc, loc.cte, 4096));
        if (got != e.bytes) out.push_back({n, e.bytes, got});
      } else {
        body_decoder d(loc.cte);
        std::string got;
        d.feed(enc, got);
        d.finish(got);
        compare_data(out, e, got);
      }
    } else {
      out.push_back({n, "?", "item not understood by the test"});
    }
  }
  return out;
}

}  // namespace cairn::mime::test

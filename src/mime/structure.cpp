#include "mime/structure.hpp"

#include "mime/imap.hpp"

namespace cairn::mime {
namespace {

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>(static_cast<unsigned char>(v | 0x80));
    v >>= 7;
  }
  out += static_cast<char>(static_cast<unsigned char>(v));
}

class reader {
 public:
  explicit reader(std::string_view s) : s_(s) {}
  bool varint(std::uint64_t& v) {
    v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (i_ >= s_.size()) return false;
      auto b = static_cast<unsigned char>(s_[i_++]);
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool text(std::string& out) {
    std::uint64_t n;
    if (!varint(n) || n > s_.size() - i_) return false;
    out.assign(s_.substr(i_, n));
    i_ += n;
    return true;
  }
  bool bytes(std::string_view& out, std::size_t n) {
    if (n > s_.size() - i_) return false;
    out = s_.substr(i_, n);
    i_ += n;
    return true;
  }
  bool at_end() const { return i_ == s_.size(); }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

constexpr std::string_view magic = "CMS";

}  // namespace

structure structure::from(const message& m) {
  structure s;
  const part& root = m.parts.at(0);
  s.envelope_ = render_envelope(root.envelope ? &*root.envelope : nullptr);
  s.body_ = render_body(m);
  s.bodystructure_ = render_bodystructure(m);
  s.parts_.reserve(m.parts.size());
  for (const part& p : m.parts) {
    stored_part sp;
    sp.header_start = p.header_start;
    sp.body_start = p.body_start;
    sp.body_end = p.body_end;
    sp.parent = p.parent;
    sp.children = p.children;
    sp.flags = p.flags;
    sp.cte = p.cte;
    s.parts_.push_back(std::move(sp));
  }
  return s;
}

std::string structure::encode() const {
  std::string out(magic);
  out += static_cast<char>(structure_version);
  put_varint(out, envelope_.size());
  out += envelope_;
  put_varint(out, body_.size());
  out += body_;
  put_varint(out, bodystructure_.size());
  out += bodystructure_;
  put_varint(out, parts_.size());
  std::uint64_t prev = 0;
  for (const stored_part& p : parts_) {
    put_varint(out, p.parent == part::npos ? 0 : std::uint64_t{p.parent} + 1);
    put_varint(out, p.header_start - prev);
    put_varint(out, p.body_start - p.header_start);
    put_varint(out, p.body_end - p.body_start);
    put_varint(out, p.flags);
    put_varint(out, static_cast<std::uint64_t>(p.cte));
    prev = p.header_start;
  }
  return out;
}

result<structure> structure::decode(std::string_view bytes) {
  reader r(bytes);
  std::string_view head;
  if (!r.bytes(head, magic.size() + 1) || head.substr(0, 3) != magic ||
      static_cast<std::uint8_t>(head[3]) != structure_version)
    return errc::corrupted;
  structure s;
  std::uint64_t count;
  if (!r.text(s.envelope_) || !r.text(s.body_) || !r.text(s.bodystructure_) || !r.varint(count))
    return errc::corrupted;
  // Each part takes at least 6 bytes: a count beyond that is damage.
  if (count == 0 || count > bytes.size()) return errc::corrupted;
  s.parts_.resize(count);
  std::uint64_t prev = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t parent, hs, hl, bl, flags, cte;
    if (!r.varint(parent) || !r.varint(hs) || !r.varint(hl) || !r.varint(bl) ||
        !r.varint(flags) || !r.varint(cte))
      return errc::corrupted;
    stored_part& p = s.parts_[i];
    if ((i == 0) != (parent == 0) || parent > i || flags > 0xffff ||
        cte > static_cast<std::uint64_t>(transfer_encoding::unknown))
      return errc::corrupted;
    // UNSAFE: offsets are sums of stored deltas; each step is checked
    // against overflow before it is added.
    if (hs > ~prev || hl > ~(prev + hs) || bl > ~(prev + hs + hl)) return errc::corrupted;
    p.header_start = prev + hs;
    p.body_start = p.header_start + hl;
    p.body_end = p.body_start + bl;
    p.flags = static_cast<std::uint16_t>(flags);
    p.cte = static_cast<transfer_encoding>(cte);
    if (parent != 0) {
      p.parent = static_cast<std::uint32_t>(parent - 1);
      stored_part& par = s.parts_[p.parent];
      if (p.header_start < par.body_start || p.body_end > par.body_end) return errc::corrupted;
      par.children.push_back(static_cast<std::uint32_t>(i));
    }
    prev = p.header_start;
  }
  if (!r.at_end()) return errc::corrupted;
  return s;
}

result<section_spec> parse_section(std::string_view t) {
  section_spec spec;
  std::size_t i = 0;
  auto upper_eq = [&](std::string_view word) {
    return t.size() - i >= word.size() && iequals(t.substr(i, word.size()), word);
  };
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
    std::uint64_t n = 0;
    std::size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      n = n * 10 + static_cast<unsigned>(t[i] - '0');
      if (n > 0xffffffffu) return errc::parse_error;
      ++i;
    }
    if (n == 0 || t[start] == '0') return errc::parse_error;
    spec.path.push_back(static_cast<std::uint32_t>(n));
    if (i == t.size()) return spec;
    if (t[i] != '.') return errc::parse_error;
    ++i;
    if (i == t.size()) return errc::parse_error;
  }
  if (i == t.size()) return spec;  // BODY[]
  if (upper_eq("HEADER.FIELDS.NOT")) {
    spec.kind = section_kind::header_fields_not;
    i += 17;
  } else if (upper_eq("HEADER.FIELDS")) {
    spec.kind = section_kind::header_fields;
    i += 13;
  } else if (upper_eq("HEADER") && i + 6 == t.size()) {
    spec.kind = section_kind::header;
    return spec;
  } else if (upper_eq("TEXT") && i + 4 == t.size()) {
    spec.kind = section_kind::text;
    return spec;
  } else if (upper_eq("MIME") && i + 4 == t.size() && !spec.path.empty()) {
    spec.kind = section_kind::mime;
    return spec;
  } else {
    return errc::parse_error;
  }
  // " (" 1*astring-ish header names separated by SP ")"
  if (i + 2 > t.size() || t[i] != ' ' || t[i + 1] != '(') return errc::parse_error;
  i += 2;
  for (;;) {
    std::size_t start = i;
    if (i < t.size() && t[i] == '"') {
      std::string name;
      ++i;
      while (i < t.size() && t[i] != '"') {
        if (t[i] == '\\' && i + 1 < t.size()) ++i;
        name += t[i++];
      }
      if (i >= t.size()) return errc::parse_error;
      ++i;
      spec.fields.push_back(std::move(name));
    } else {
      while (i < t.size() && t[i] != ' ' && t[i] != ')') ++i;
      if (i == start) return errc::parse_error;
      spec.fields.emplace_back(t.substr(start, i - start));
    }
    if (i >= t.size()) return errc::parse_error;
    if (t[i] == ')') break;
    ++i;  // ' '
  }
  if (i + 1 != t.size()) return errc::parse_error;
  return spec;
}

namespace {

// Dovecot's imap_msgpart_find: the part a section path names, or npos.
// Number 1 of a part that is not multipart is that part itself; going on
// inside a message/rfc822 part goes to the embedded message.
std::uint32_t find_part(const structure& s, const std::vector<std::uint32_t>& path) {
  const auto& parts = s.parts();
  std::uint32_t cur = 0;
  for (std::size_t k = 0; k < path.size(); ++k) {
    std::uint32_t num = path[k];
    bool more = k + 1 < path.size();
    const stored_part& p = parts[cur];
    if (p.is(flag_multipart)) {
      if (num == 0 || num > p.children.size()) return part::npos;
      cur = p.children[num - 1];
    } else if (num != 1 || (more && !p.is(flag_message_rfc822))) {
      return part::npos;
    }
    if (more && parts[cur].is(flag_message_rfc822)) {
      if (parts[cur].children.empty()) return part::npos;
      cur = parts[cur].children[0];
    }
  }
  return cur;
}

}  // namespace

section_location locate(const structure& s, const section_spec& spec) {
  section_location loc;
  std::uint32_t idx = find_part(s, spec.path);
  if (idx == part::npos) return loc;
  const auto& parts = s.parts();
  const stored_part* p = &parts[idx];
  // HEADER, TEXT and HEADER.FIELDS of a message/rfc822 part are those of
  // the embedded message. After a part number they name nothing else: RFC
  // 9051 section 6.4.5 allows them after a part number only "provided that
  // the numeric part specifier refers to a part of type MESSAGE/RFC822", so
  // BODY[1.HEADER] of a text part is a part that does not exist (an empty
  // string, as Dovecot answers), not that part's MIME header.
  if (!spec.path.empty() && spec.kind != section_kind::whole && spec.kind != section_kind::mime) {
    if (!p->is(flag_message_rfc822) || p->children.empty()) return loc;
    p = &parts[p->children[0]];
  }
  loc.exists = true;
  switch (spec.kind) {
    case section_kind::whole:
      if (spec.path.empty()) {
        loc.begin = p->header_start;
        loc.end = p->body_end;
      } else {
        loc.begin = p->body_start;
        loc.end = p->body_end;
      }
      break;
    case section_kind::header:
    case section_kind::mime:
      loc.begin = p->header_start;
      loc.end = p->body_start;
      break;
    case section_kind::header_fields:
    case section_kind::header_fields_not:
      loc.begin = p->header_start;
      loc.end = p->body_start;
      loc.filter = true;
      break;
    case section_kind::text:
      loc.begin = p->body_start;
      loc.end = p->body_end;
      break;
  }
  return loc;
}

binary_location locate_binary(const structure& s, const std::vector<std::uint32_t>& path) {
  binary_location loc;
  std::uint32_t idx = find_part(s, path);
  if (idx == part::npos) return loc;
  const stored_part& p = s.parts()[idx];
  loc.exists = true;
  if (path.empty()) {
    loc.begin = p.header_start;
    loc.end = p.body_end;
    loc.cte = transfer_encoding::binary;
    return loc;
  }
  loc.begin = p.body_start;
  loc.end = p.body_end;
  loc.cte = (p.is(flag_multipart) || p.is(flag_message_rfc822)) ? transfer_encoding::binary : p.cte;
  return loc;
}

}  // namespace cairn::mime

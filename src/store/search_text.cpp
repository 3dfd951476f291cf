#include "store/search_text.hpp"

#include "mime/charset.hpp"
#include "mime/date.hpp"
#include "mime/decoder.hpp"
#include "mime/encoded_word.hpp"
#include "mime/header.hpp"
#include "mime/rfc822.hpp"
#include "store/casemap.hpp"

namespace cairn::store {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view header_of(std::string_view msg, const mime::part& p) {
  if (p.header_start >= msg.size() || p.body_start < p.header_start) return {};
  return msg.substr(static_cast<std::size_t>(p.header_start),
                    static_cast<std::size_t>(std::min<std::uint64_t>(p.body_start, msg.size()) - p.header_start));
}

void add_value(std::optional<std::string>& slot, std::string value) {
  // NUL is U+FFFD to the casemap anyway; stored values never hold it, so
  // that SQL string functions see them whole (sqlite/search.cpp).
  for (std::size_t at = value.find('\0'); at != std::string::npos; at = value.find('\0', at))
    value.replace(at, 1, "\xef\xbf\xbd");
  if (slot) {
    *slot += '\n';
    *slot += value;
  } else {
    slot = std::move(value);
  }
}

}  // namespace

std::uint64_t search_text_version() {
  return (std::uint64_t(search_text_format) << 32) | casemap_version();
}

mime::message parse_for_search(std::string_view crlf_message) { return mime::parse(crlf_message, cairn::limits{}); }

bool same_search_parse(const cairn::limits& lim) {
  const cairn::limits d;
  return lim.nesting == d.nesting && lim.mime_parts == d.mime_parts && lim.mime_header_bytes == d.mime_header_bytes;
}

std::string header_value_text(std::string_view raw_value) {
  std::string d = mime::decode_header(raw_value);
  std::string_view t = trim(d);
  if (t.size() == d.size()) return d;
  return std::string(t);
}

header_keys extract_header_keys(std::string_view msg, const mime::message& m) {
  header_keys k;
  if (m.parts.empty()) return k;
  mime::header_reader rd(header_of(msg, m.parts[0]));
  mime::header_field f;
  bool date_seen = false;
  while (rd.next(f)) {
    std::string_view name = mime::comparable_name(f.name);
    std::optional<std::string>* slot = nullptr;
    if (mime::iequals(name, "subject")) slot = &k.subject;
    else if (mime::iequals(name, "from")) slot = &k.from;
    else if (mime::iequals(name, "to")) slot = &k.to;
    else if (mime::iequals(name, "cc")) slot = &k.cc;
    else if (mime::iequals(name, "bcc")) slot = &k.bcc;
    else if (mime::iequals(name, "message-id")) slot = &k.message_id;
    else if (mime::iequals(name, "in-reply-to")) slot = &k.in_reply_to;
    else if (mime::iequals(name, "references")) slot = &k.references;
    else if (mime::iequals(name, "date")) {
      if (date_seen) continue;
      date_seen = true;
      mime::date_time d;
      if (mime::parse_date(mime::unfold(f.raw_value), d)) k.date = zoned_time{d.unix_seconds, d.offset_minutes};
      continue;
    }
    if (slot) add_value(*slot, mime::unfold(f.raw_value));
  }
  return k;
}

void extract_search_texts(std::string_view msg, const mime::message& m, unsigned parts, search_texts& out) {
  out.header.clear();
  out.body.clear();
  std::string scratch;
  for (const auto& p : m.parts) {
    if (parts & search_header) {
      mime::header_reader rd(header_of(msg, p));
      mime::header_field f;
      while (rd.next(f)) {
        scratch.assign("\n");
        scratch += f.name;
        scratch += ": ";
        scratch += header_value_text(f.raw_value);
        casemap_append(scratch, out.header);
      }
    }
    if ((parts & search_body) && p.children.empty() && p.is(mime::flag_text)) {
      if (p.body_start > msg.size() || p.body_end < p.body_start) continue;
      std::string_view raw = msg.substr(static_cast<std::size_t>(p.body_start),
                                        static_cast<std::size_t>(std::min<std::uint64_t>(p.body_end, msg.size()) - p.body_start));
      std::string decoded;
      mime::body_decoder dec(p.cte);
      dec.feed(raw, decoded);
      dec.finish(decoded);
      std::string charset;
      mime::find_parameter(p.content.type_params, "charset", charset);
      out.body += '\n';
      casemap_append(mime::to_utf8(charset, decoded), out.body);
    }
  }
}

bool header_field_contains(std::string_view msg, std::string_view name, std::string_view folded) {
  mime::header_reader rd(msg);
  mime::header_field f;
  while (rd.next(f)) {
    if (!mime::iequals(mime::comparable_name(f.name), name)) continue;
    if (folded.empty()) return true;
    if (casemap(header_value_text(f.raw_value)).find(folded) != std::string::npos) return true;
  }
  return false;
}

search_data prepare_search(std::string_view msg, const mime::message& m, std::size_t max_text) {
  search_data d;
  d.keys = extract_header_keys(msg, m);
  search_texts t;
  extract_search_texts(msg, m, search_header | search_body, t);
  const std::size_t size = t.header.size() + t.body.size();
  if (size > max_text) {
    d.too_large = true;
  } else {
    d.indexable = true;
    d.header_text = std::move(t.header);
    d.body_text = std::move(t.body);
  }
  return d;
}

std::uint64_t search_text_hash(std::string_view header, std::string_view body) {
  // FNV-1a: it only has to notice that a text came out differently.
  std::uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ull;
    }
  };
  mix(header);
  h ^= 0xff;  // a byte no UTF-8 text holds, between the two
  h *= 0x100000001b3ull;
  mix(body);
  return h;
}

}  // namespace cairn::store

#include "protocol/command.hpp"

#include "protocol/writer.hpp"

namespace cairn::proto {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return out;
}

bool is_alnum(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// A name made of letters, digits, '.', '-' (fetch attribute and section
// keywords), upper-cased.
std::optional<std::string> dotted_name(parser& p) {
  std::string_view r = p.rest();
  std::size_t n = 0;
  while (n < r.size() && (is_alnum(static_cast<unsigned char>(r[n])) || r[n] == '.' || r[n] == '-')) ++n;
  if (n == 0) {
    p.fail("Expected a name");
    return std::nullopt;
  }
  p.skip(n);
  return upper(r.substr(0, n));
}

// RFC 2971 limits.
constexpr std::size_t id_max_pairs = 30;
constexpr std::size_t id_max_field = 30;
constexpr std::size_t id_max_value = 1024;

}  // namespace

std::optional<std::string> read_mailbox(parser& p) { return p.astring(); }

std::optional<std::string> read_list_mailbox(parser& p) {
  if (p.at_string()) return p.string();
  auto a = p.atom("%*]");
  if (!a) return std::nullopt;
  return std::string(*a);
}

std::optional<std::string> read_flag(parser& p) {
  if (p.consume('\\')) {
    auto a = p.atom();
    if (!a) return std::nullopt;
    std::string u = upper(*a);
    static const char* const system[] = {"Answered", "Flagged", "Deleted", "Seen", "Draft"};
    for (const char* f : system)
      if (u == upper(f)) return std::string("\\") + f;
    p.fail("Invalid system flag \\" + std::string(*a));
    return std::nullopt;
  }
  auto a = p.atom();
  if (!a) {
    p.fail("Expected a flag");
    return std::nullopt;
  }
  return std::string(*a);
}

std::optional<std::vector<std::string>> read_flag_list(parser& p) {
  if (!p.open_list()) return std::nullopt;
  std::vector<std::string> flags;
  if (p.peek() != ')') {
    do {
      auto f = read_flag(p);
      if (!f) return std::nullopt;
      flags.push_back(std::move(*f));
    } while (p.consume(' '));
  }
  if (!p.close_list()) return std::nullopt;
  return flags;
}

std::optional<login_args> read_login(parser& p) {
  login_args a;
  auto u = p.astring();
  if (!u || !p.sp()) return std::nullopt;
  auto pw = p.astring();
  if (!pw || !p.expect_end()) return std::nullopt;
  a.user = std::move(*u);
  a.password = std::move(*pw);
  return a;
}

std::optional<authenticate_args> read_authenticate(parser& p) {
  authenticate_args a;
  auto m = p.keyword();
  if (!m) return std::nullopt;
  a.mechanism = std::move(*m);
  if (p.consume(' ')) {
    if (p.consume('=')) {
      a.initial = std::string();
    } else {
      auto r = p.atom();
      if (!r) return std::nullopt;
      a.initial = std::string(*r);
    }
  }
  if (!p.expect_end()) return std::nullopt;
  return a;
}

std::optional<id_args> read_id(parser& p) {
  id_args a;
  if (p.consume_word("NIL")) {
    if (!p.expect_end()) return std::nullopt;
    return a;
  }
  if (!p.open_list()) return std::nullopt;
  if (p.peek() != ')') {
    do {
      auto f = p.string();
      if (!f || !p.sp()) return std::nullopt;
      bool nil = false;
      auto v = p.nstring(nil);
      if (!v) return std::nullopt;
      if (a.fields.size() >= id_max_pairs || f->size() > id_max_field || v->size() > id_max_value) {
        p.fail("ID parameters too long or too many (RFC 2971)");
        return std::nullopt;
      }
      a.fields.emplace_back(std::move(*f), nil ? std::nullopt : std::optional<std::string>(std::move(*v)));
    } while (p.consume(' '));
  }
  if (!p.close_list()) return std::nullopt;
  if (!p.expect_end()) return std::nullopt;
  return a;
}

std::optional<enable_args> read_enable(parser& p) {
  enable_args a;
  do {
    auto k = p.keyword();
    if (!k) return std::nullopt;
    a.capabilities.push_back(std::move(*k));
  } while (p.consume(' '));
  if (!p.expect_end()) return std::nullopt;
  return a;
}

std::optional<mailbox_args> read_mailbox_only(parser& p) {
  auto m = read_mailbox(p);
  if (!m || !p.expect_end()) return std::nullopt;
  return mailbox_args{std::move(*m)};
}

std::optional<select_args> read_select(parser& p) {
  select_args a;
  auto m = read_mailbox(p);
  if (!m) return std::nullopt;
  a.mailbox = std::move(*m);
  if (p.consume(' ')) {
    if (!p.open_list()) return std::nullopt;
    do {
      auto k = p.keyword();
      if (!k) return std::nullopt;
      if (*k == "CONDSTORE") {
        a.condstore = true;
      } else if (*k == "QRESYNC") {
        if (a.qresync) return p.fail("QRESYNC given twice"), std::nullopt;
        qresync_params q;
        if (!p.sp() || !p.open_list()) return std::nullopt;
        auto v = p.nz_number();
        if (!v || !p.sp()) return std::nullopt;
        auto ms = p.number64();
        if (!ms) return std::nullopt;
        if (*ms == 0) return p.fail("Invalid mod-sequence"), std::nullopt;
        q.uidvalidity = *v;
        q.modseq = *ms;
        if (p.consume(' ')) {
          if (p.peek() != '(') {
            auto k2 = read_sequence_set(p);
            if (!k2) return std::nullopt;
            q.known_uids = std::move(*k2);
            if (q.known_uids->saved) return p.fail("Invalid known-uids"), std::nullopt;
          }
          if (q.known_uids ? p.consume(' ') : true) {
            if (p.peek() == '(') {
              if (!p.open_list()) return std::nullopt;
              auto seqs = read_sequence_set(p);
              if (!seqs || !p.sp()) return std::nullopt;
              auto uids = read_sequence_set(p);
              if (!uids || !p.close_list()) return std::nullopt;
              q.seq_match = std::make_pair(std::move(*seqs), std::move(*uids));
            } else if (!q.known_uids) {
              return p.fail("Invalid QRESYNC parameters"), std::nullopt;
            }
          }
        }
        if (!p.close_list()) return std::nullopt;
        a.qresync = std::move(q);
      } else {
        p.fail("Unknown SELECT parameter " + *k);
        return std::nullopt;
      }
    } while (p.consume(' '));
    if (!p.close_list()) return std::nullopt;
  }
  if (!p.expect_end()) return std::nullopt;
  return a;
}

std::optional<create_args> read_create(parser& p) {
  create_args a;
  auto m = read_mailbox(p);
  if (!m) return std::nullopt;
  a.mailbox = std::move(*m);
  if (p.consume(' ')) {
    if (!p.open_list()) return std::nullopt;
    do {
      auto k = p.keyword();
      if (!k) return std::nullopt;
      if (*k != "USE") return p.fail("Unknown CREATE parameter " + *k), std::nullopt;
      if (!p.sp() || !p.open_list()) return std::nullopt;
      do {
        if (!p.consume('\\')) return p.fail("Expected a special-use attribute"), std::nullopt;
        auto f = p.atom();
        if (!f) return std::nullopt;
        std::string flag = "\\";
        flag += *f;
        a.special_use.push_back(std::move(flag));
      } while (p.consume(' '));
      if (!p.close_list()) return std::nullopt;
    } while (p.consume(' '));
    if (!p.close_list()) return std::nullopt;
  }
  if (!p.expect_end()) return std::nullopt;
  return a;
}

std::optional<rename_args> read_rename(parser& p) {
  auto f = read_mailbox(p);
  if (!f || !p.sp()) return std::nullopt;
  auto t = read_mailbox(p);
  if (!t || !p.expect_end()) return std::nullopt;
  return rename_args{std::move(*f), std::move(*t)};
}

std::optional<list_args> read_list(parser& p) {
  list_args a;
  if (p.peek() == '(') {
    a.extended = true;
    if (!p.open_list()) return std::nullopt;
    if (p.peek() != ')') {
      do {
        auto k = p.keyword();
        if (!k) return std::nullopt;
        a.selection.push_back(std::move(*k));
      } while (p.consume(' '));
    }
    if (!p.close_list()) return std::nullopt;
    if (!p.sp()) return std::nullopt;
  }
  auto ref = read_mailbox(p);
  if (!ref || !p.sp()) return std::nullopt;
  a.reference = std::move(*ref);
  if (p.peek() == '(') {
    a.extended = true;
    if (!p.open_list()) return std::nullopt;
    do {
      auto pat = read_list_mailbox(p);
      if (!pat) return std::nullopt;
      a.patterns.push_back(std::move(*pat));
    } while (p.consume(' '));
    if (!p.close_list()) return std::nullopt;
  } else {
    auto pat = read_list_mailbox(p);
    if (!pat) return std::nullopt;
    a.patterns.push_back(std::move(*pat));
  }
  if (p.consume(' ')) {
    if (!p.consume_word("RETURN")) return p.fail("Expected RETURN"), std::nullopt;
    a.extended = true;
    if (!p.sp() || !p.open_list()) return std::nullopt;
    if (p.peek() != ')') {
      do {
        auto k = p.keyword();
        if (!k) return std::nullopt;
        if (*k == "STATUS") {
          if (!p.sp() || !p.open_list()) return std::nullopt;
          do {
            auto s = p.keyword();
            if (!s) return std::nullopt;
            a.status_items.push_back(std::move(*s));
          } while (p.consume(' '));
          if (!p.close_list()) return std::nullopt;
        }
        a.returns.push_back(std::move(*k));
      } while (p.consume(' '));
    }
    if (!p.close_list()) return std::nullopt;
  }
  if (!p.expect_end()) return std::nullopt;
  return a;
}

std::optional<lsub_args> read_lsub(parser& p) {
  auto ref = read_mailbox(p);
  if (!ref || !p.sp()) return std::nullopt;
  auto pat = read_list_mailbox(p);
  if (!pat || !p.expect_end()) return std::nullopt;
  return lsub_args{std::move(*ref), std::move(*pat)};
}

std::optional<status_args> read_status(parser& p) {
  status_args a;
  auto m = read_mailbox(p);
  if (!m || !p.sp() || !p.open_list()) return std::nullopt;
  a.mailbox = std::move(*m);
  do {
    auto k = p.keyword();
    if (!k) return std::nullopt;
    a.items.push_back(std::move(*k));
  } while (p.consume(' '));
  if (!p.close_list() || !p.expect_end()) return std::nullopt;
  return a;
}

std::optional<append_args> read_append(parser& p) {
  append_args a;
  auto m = read_mailbox(p);
  if (!m) return std::nullopt;
  a.mailbox = std::move(*m);
  do {
    if (!p.sp()) return std::nullopt;
    append_message msg;
    if (p.peek() == '(') {
      auto f = read_flag_list(p);
      if (!f || !p.sp()) return std::nullopt;
      msg.flags = std::move(*f);
    }
    if (p.peek() == '"') {
      auto d = read_date_time(p);
      if (!d || !p.sp()) return std::nullopt;
      msg.date = *d;
    }
    if (p.consume_word("UTF8")) {
      // utf8-literal = "UTF8" SP "(" literal8 ")" (RFC 6855 section 4)
      if (!p.sp() || !p.expect('(', "Expected (")) return std::nullopt;
      auto data = p.literal_view(&msg.binary);
      if (!data) return std::nullopt;
      if (!msg.binary) return p.fail("UTF8 data must be a literal8"), std::nullopt;
      if (!p.expect(')', "Expected )")) return std::nullopt;
      msg.data = *data;
      msg.utf8 = true;
      a.messages.push_back(std::move(msg));
      continue;
    }
    if (!p.at_literal()) {
      if (p.consume_word("CATENATE")) return p.fail("CATENATE is not supported"), std::nullopt;
      return p.fail("Expected the message as a literal"), std::nullopt;
    }
    auto data = p.literal_view(&msg.binary);
    if (!data) return std::nullopt;
    msg.data = *data;
    a.messages.push_back(std::move(msg));
  } while (p.peek() == ' ');
  if (!p.expect_end()) return std::nullopt;
  return a;
}

namespace {

std::optional<section_spec> read_section_text(parser& p, section_spec s) {
  auto k = dotted_name(p);
  if (!k) return std::nullopt;
  using kind = section_spec::kind;
  if (*k == "HEADER") s.what = kind::header;
  else if (*k == "TEXT") s.what = kind::text;
  else if (*k == "MIME" && !s.part.empty()) s.what = kind::mime;
  else if (*k == "HEADER.FIELDS" || *k == "HEADER.FIELDS.NOT") {
    s.what = *k == "HEADER.FIELDS" ? kind::header_fields : kind::header_fields_not;
    if (!p.sp() || !p.open_list()) return std::nullopt;
    do {
      // header-fld-name = astring (RFC 9051 section 9): any string, even
      // one no field can have (empty, a colon, a space), which then simply
      // matches nothing, as Dovecot answers. Only CR, LF and NUL are
      // refused: the response echoes the name (upper-case) in a quoted
      // string, which cannot hold them.
      auto f = p.astring();
      if (!f) return std::nullopt;
      if (f->find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
        return p.fail("Invalid header field name"), std::nullopt;
      s.fields.push_back(upper(*f));
    } while (p.consume(' '));
    if (!p.close_list()) return std::nullopt;
  } else {
    p.fail("Invalid section " + *k);
    return std::nullopt;
  }
  return s;
}

// "[" [section-spec] "]"; binary sections take only part numbers.
std::optional<section_spec> read_section(parser& p, bool binary) {
  section_spec s;
  if (!p.expect('[', "Expected '['")) return std::nullopt;
  if (p.consume(']')) return s;
  if (p.peek() >= '0' && p.peek() <= '9') {
    do {
      if (s.part.size() >= 100) return p.fail("Section part nested too deeply"), std::nullopt;
      auto n = p.nz_number();
      if (!n) return std::nullopt;
      s.part.push_back(*n);
      if (!p.consume('.')) break;
      if (!(p.peek() >= '0' && p.peek() <= '9')) {
        if (binary) return p.fail("Invalid binary section"), std::nullopt;
        auto t = read_section_text(p, std::move(s));
        if (!t) return std::nullopt;
        s = std::move(*t);
        break;
      }
    } while (true);
  } else {
    if (binary) return p.fail("Invalid binary section"), std::nullopt;
    auto t = read_section_text(p, std::move(s));
    if (!t) return std::nullopt;
    s = std::move(*t);
  }
  if (!p.expect(']', "Expected ']'")) return std::nullopt;
  return s;
}

// partial = "<" number64 "." nz-number64 ">" (RFC 9051 section 9; RFC
// 3501 had 32-bit numbers, a subset). Clients ask for "the rest" with a
// length such as 4294967296, and an origin past 4 GiB is valid too (an
// empty answer).
std::optional<std::pair<std::uint64_t, std::uint64_t>> read_partial(parser& p) {
  if (!p.consume('<')) return std::nullopt;
  auto origin = p.number64();
  if (!origin || !p.expect('.', "Invalid partial")) return std::nullopt;
  auto len = p.number64();
  if (!len) return std::nullopt;
  if (*len == 0) return p.fail("Invalid partial: the length must not be zero"), std::nullopt;
  if (!p.expect('>', "Invalid partial")) return std::nullopt;
  return std::make_pair(*origin, *len);
}

bool read_fetch_att(parser& p, std::vector<fetch_att>& out) {
  auto name = dotted_name(p);
  if (!name) return false;
  fetch_att a;
  const std::string& n = *name;
  auto simple = [&](fetch_item i) {
    a.item = i;
    out.push_back(std::move(a));
    return true;
  };
  if (n == "ENVELOPE") return simple(fetch_item::envelope);
  if (n == "FLAGS") return simple(fetch_item::flags);
  if (n == "INTERNALDATE") return simple(fetch_item::internaldate);
  if (n == "RFC822") return simple(fetch_item::rfc822);
  if (n == "RFC822.HEADER") return simple(fetch_item::rfc822_header);
  if (n == "RFC822.SIZE") return simple(fetch_item::rfc822_size);
  if (n == "RFC822.TEXT") return simple(fetch_item::rfc822_text);
  if (n == "BODYSTRUCTURE") return simple(fetch_item::bodystructure);
  if (n == "UID") return simple(fetch_item::uid);
  if (n == "MODSEQ") return simple(fetch_item::modseq);
  if (n == "SAVEDATE") return simple(fetch_item::savedate);
  if (n == "EMAILID") return simple(fetch_item::emailid);
  if (n == "THREADID") return simple(fetch_item::threadid);
  if (n == "BODY" && p.peek() != '[') return simple(fetch_item::body);
  if (n == "BODY" || n == "BODY.PEEK") {
    a.item = fetch_item::body_section;
    a.peek = n == "BODY.PEEK";
    auto s = read_section(p, false);
    if (!s) return false;
    a.section = std::move(*s);
    if (p.peek() == '<') {
      a.partial = read_partial(p);
      if (!a.partial) return p.fail("Invalid partial");
    }
    out.push_back(std::move(a));
    return true;
  }
  if (n == "BINARY" || n == "BINARY.PEEK" || n == "BINARY.SIZE") {
    a.item = n == "BINARY.SIZE" ? fetch_item::binary_size : fetch_item::binary;
    a.peek = n == "BINARY.PEEK";
    auto s = read_section(p, true);
    if (!s) return false;
    a.section = std::move(*s);
    if (a.item == fetch_item::binary && p.peek() == '<') {
      a.partial = read_partial(p);
      if (!a.partial) return p.fail("Invalid partial");
    }
    out.push_back(std::move(a));
    return true;
  }
  return p.fail("Unknown FETCH attribute " + n);
}

}  // namespace

std::string fetch_att::response_name() const {
  auto section_text = [this](bool binary) {
    std::string s = binary ? "[" : "[";
    for (std::size_t i = 0; i < section.part.size(); ++i) {
      if (i) s += '.';
      append_number(s, section.part[i]);
    }
    using kind = section_spec::kind;
    const char* t = nullptr;
    switch (section.what) {
      case kind::all: break;
      case kind::header: t = "HEADER"; break;
      case kind::header_fields: t = "HEADER.FIELDS"; break;
      case kind::header_fields_not: t = "HEADER.FIELDS.NOT"; break;
      case kind::text: t = "TEXT"; break;
      case kind::mime: t = "MIME"; break;
    }
    if (t) {
      if (!section.part.empty()) s += '.';
      s += t;
      if (!section.fields.empty()) {
        s += " (";
        for (std::size_t i = 0; i < section.fields.size(); ++i) {
          if (i) s += ' ';
          append_astring(s, section.fields[i]);
        }
        s += ')';
      }
    }
    s += ']';
    if (partial) {
      s += '<';
      append_number(s, partial->first);
      s += '>';
    }
    return s;
  };
  switch (item) {
    case fetch_item::envelope: return "ENVELOPE";
    case fetch_item::flags: return "FLAGS";
    case fetch_item::internaldate: return "INTERNALDATE";
    case fetch_item::rfc822: return "RFC822";
    case fetch_item::rfc822_header: return "RFC822.HEADER";
    case fetch_item::rfc822_size: return "RFC822.SIZE";
    case fetch_item::rfc822_text: return "RFC822.TEXT";
    case fetch_item::body: return "BODY";
    case fetch_item::bodystructure: return "BODYSTRUCTURE";
    case fetch_item::uid: return "UID";
    case fetch_item::body_section: return "BODY" + section_text(false);
    case fetch_item::binary: return "BINARY" + section_text(true);
    case fetch_item::binary_size: return "BINARY.SIZE" + section_text(true);
    case fetch_item::modseq: return "MODSEQ";
    case fetch_item::savedate: return "SAVEDATE";
    case fetch_item::emailid: return "EMAILID";
    case fetch_item::threadid: return "THREADID";
    case fetch_item::preview: return "PREVIEW";
  }
  return "";
}

std::optional<fetch_args> read_fetch(parser& p) {
  fetch_args a;
  auto set = read_sequence_set(p);
  if (!set || !p.sp()) return std::nullopt;
  a.set = std::move(*set);
  if (p.peek() == '(') {
    if (!p.open_list()) return std::nullopt;
    do {
      if (!read_fetch_att(p, a.atts)) return std::nullopt;
    } while (p.consume(' '));
    if (!p.close_list()) return std::nullopt;
  } else if (p.consume_word("ALL")) {
    // ALL = (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)
    for (auto i : {fetch_item::flags, fetch_item::internaldate, fetch_item::rfc822_size, fetch_item::envelope})
      a.atts.push_back(fetch_att{i});
  } else if (p.consume_word("FAST")) {
    for (auto i : {fetch_item::flags, fetch_item::internaldate, fetch_item::rfc822_size})
      a.atts.push_back(fetch_att{i});
  } else if (p.consume_word("FULL")) {
    for (auto i : {fetch_item::flags, fetch_item::internaldate, fetch_item::rfc822_size, fetch_item::envelope,
                   fetch_item::body})
      a.atts.push_back(fetch_att{i});
  } else if (!read_fetch_att(p, a.atts)) {
    return std::nullopt;
  }
  if (p.consume(' ')) {
    if (!p.open_list()) return std::nullopt;
    do {
      auto k = p.keyword();
      if (!k) return std::nullopt;
      if (*k == "CHANGEDSINCE") {
        if (!p.sp()) return std::nullopt;
        auto v = p.number64();
        if (!v) return std::nullopt;
        if (*v == 0) return p.fail("Invalid mod-sequence"), std::nullopt;
        a.changed_since = *v;
      } else if (*k == "VANISHED") {
        a.vanished = true;
      } else {
        p.fail("Unknown FETCH modifier " + *k);
        return std::nullopt;
      }
    } while (p.consume(' '));
    if (!p.close_list()) return std::nullopt;
  }
  if (!p.expect_end()) return std::nullopt;
  return a;
}

std::optional<store_args> read_store(parser& p) {
  store_args a;
  auto set = read_sequence_set(p);
  if (!set || !p.sp()) return std::nullopt;
  a.set = std::move(*set);
  if (p.peek() == '(') {
    if (!p.open_list()) return std::nullopt;
    if (!p.consume_word("UNCHANGEDSINCE") || !p.sp()) return p.fail("Expected UNCHANGEDSINCE"), std::nullopt;
    auto v = p.number64();
    if (!v || !p.close_list() || !p.sp()) return std::nullopt;
    a.unchanged_since = *v;
  }
  if (p.consume('+')) a.mode = store_mode::add;
  else if (p.consume('-')) a.mode = store_mode::remove;
  auto k = dotted_name(p);
  if (!k) return std::nullopt;
  if (*k == "FLAGS.SILENT") a.silent = true;
  else if (*k != "FLAGS") return p.fail("Expected FLAGS, +FLAGS or -FLAGS"), std::nullopt;
  if (!p.sp()) return std::nullopt;
  if (p.peek() == '(') {
    auto f = read_flag_list(p);
    if (!f) return std::nullopt;
    a.flags = std::move(*f);
  } else {
    do {
      auto f = read_flag(p);
      if (!f) return std::nullopt;
      a.flags.push_back(std::move(*f));
    } while (p.consume(' '));
  }
  if (!p.expect_end()) return std::nullopt;
  return a;
}

std::optional<copy_args> read_copy(parser& p) {
  auto set = read_sequence_set(p);
  if (!set || !p.sp()) return std::nullopt;
  auto m = read_mailbox(p);
  if (!m || !p.expect_end()) return std::nullopt;
  return copy_args{std::move(*set), std::move(*m)};
}

std::optional<uid_expunge_args> read_uid_expunge(parser& p) {
  auto set = read_sequence_set(p);
  if (!set || !p.expect_end()) return std::nullopt;
  return uid_expunge_args{std::move(*set)};
}

}  // namespace cairn::proto

// The MIME structure parser. Its states and its choices for broken mail
// follow Dovecot's src/lib-mail/message-parser.c (header, body to boundary,
// body to end, boundary line), rewritten over a byte range that is all in
// memory: offsets instead of stream blocks, an explicit stack of open
// boundaries instead of a linked list, indexes instead of pointers.
#include <algorithm>
#include <cstring>

#include "mime/address.hpp"
#include "mime/header.hpp"
#include "mime/message.hpp"
#include "mime/rfc822.hpp"

namespace cairn::mime {
namespace {

// RFC 2046 section 5.1.1 allows 70 characters; like Dovecot, allow a bit
// more and cut longer boundaries to this length.
constexpr std::size_t boundary_string_max = 70 + 10;
constexpr std::size_t boundary_end_max = boundary_string_max + 2 + 2;

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Dovecot 2.3 shows a NUL in a header value as U+FFFD.
std::string nul_to_replacement(std::string s) {
  if (s.find('\0') == std::string::npos) return s;
  std::string out;
  for (char c : s) {
    if (c == '\0') out += "\xEF\xBF\xBD";
    else out += c;
  }
  return out;
}

struct open_boundary {
  std::uint32_t part;
  std::string text;
  bool epilogue_found = false;
};

enum class state { header, to_boundary, to_eof, boundary_line, done };

class parser {
 public:
  parser(std::string_view raw, const cairn::limits& lim) : d_(raw), lim_(lim) {}

  message run() {
    m_.parts.emplace_back();
    ended_.push_back(false);
    state st = state::header;
    while (st != state::done) {
      switch (st) {
        case state::header: st = header(); break;
        case state::to_boundary: st = body_to_boundary(); break;
        case state::to_eof: pos_ = d_.size(); st = state::done; break;
        case state::boundary_line: st = boundary_line(); break;
        case state::done: break;
      }
    }
    finish_up_to(part::npos, d_.size());
    count_lines_and_sizes();
    return std::move(m_);
  }

 private:
  part& cur() { return m_.parts[cur_]; }

  bool too_deep() const { return m_.parts[cur_].depth + 1 >= lim_.nesting; }

  std::uint32_t new_child(std::uint64_t at) {
    auto idx = static_cast<std::uint32_t>(m_.parts.size());
    part p;
    p.parent = cur_;
    p.depth = m_.parts[cur_].depth + 1;
    p.header_start = p.body_start = p.body_end = at;
    m_.parts[cur_].children.push_back(idx);
    m_.parts.push_back(std::move(p));
    ended_.push_back(false);
    ++total_parts_;
    cur_ = idx;
    return idx;
  }

  // Ends every open part from the current one up to (not including)
  // `until`, at offset `at`.
  void finish_up_to(std::uint32_t until, std::uint64_t at) {
    while (cur_ != until && cur_ != part::npos) {
      part& p = cur();
      if (!ended_[cur_]) {
        p.body_end = std::max<std::uint64_t>(p.body_start, at);
        ended_[cur_] = true;
      }
      cur_ = p.parent;
    }
  }

  // Dovecot's boundary_line_find: is the line at `at` "--" + one of the
  // open boundaries? The newest boundary is tried first; among those that
  // match as a prefix the longest wins. Returns its index or -1.
  int find_boundary(std::size_t at) {
    if (bounds_.empty() || at + 2 > d_.size() || d_[at] != '-' || d_[at + 1] != '-') return -1;
    // UNSAFE: offsets below are computed by hand; at + 2 <= size was checked
    // above, and every index is below data + find_size <= size.
    std::size_t data = at + 2;
    std::size_t size = d_.size() - data;
    std::size_t lf = d_.find('\n', data);
    std::size_t find_size;
    bool trailing_dashes = false;
    if (lf != std::string_view::npos) {
      find_size = lf - data;
      if (find_size > 0 && d_[data + find_size - 1] == '\r') --find_size;
      trailing_dashes = find_size > 2 && d_[data + find_size - 1] == '-' &&
                        d_[data + find_size - 2] == '-';
    } else {
      find_size = std::min(size, boundary_end_max);
    }
    // "foo--" may be boundary "foo" closing or boundary "foo--" going on:
    // an exact match (with or without the two dashes) ends the search.
    int best = -1;
    for (int i = static_cast<int>(bounds_.size()) - 1; i >= 0; --i) {
      const std::string& b = bounds_[static_cast<std::size_t>(i)].text;
      if (b.size() <= find_size && std::memcmp(b.data(), d_.data() + data, b.size()) == 0 &&
          (best < 0 || bounds_[static_cast<std::size_t>(best)].text.size() < b.size())) {
        best = i;
        if (b.size() == find_size || (trailing_dashes && b.size() + 2 == find_size)) break;
      }
    }
    if (best >= 0) {
      open_boundary& b = bounds_[static_cast<std::size_t>(best)];
      b.epilogue_found = size >= b.text.size() + 2 && d_[data + b.text.size()] == '-' &&
                         d_[data + b.text.size() + 1] == '-';
    }
    return best;
  }

  // The Content-Type as the structure needs it: flags and the boundary.
  void structure_content_type(std::string_view value) {
    if (seen_content_type_) return;
    seen_content_type_ = true;
    lexer lx(value);
    lx.skip_cfws();
    std::string ct;
    int r = lx.content_type(ct);
    part& p = cur();
    if (iequals(ct, "message/rfc822")) {
      p.flags |= flag_message_rfc822;
    } else if (starts_with_ci(ct, "text") && (ct.size() == 4 || ct[4] == '/')) {
      p.flags |= flag_text;
    } else if (starts_with_ci(ct, "multipart/")) {
      p.flags |= flag_multipart;
      if (iequals(std::string_view(ct).substr(10), "digest")) p.flags |= flag_digest;
    }
    if (r < 0 || !p.is(flag_multipart) || last_boundary_) return;
    for (const param& prm : parse_parameters(lx)) {
      if (iequals(prm.name, "boundary")) {
        last_boundary_ = prm.value.substr(0, boundary_string_max);
        break;
      }
    }
  }

  // Content-* fields for BODYSTRUCTURE (Dovecot's message-part-data.c).
  void content_field(std::string_view rest, const header_field& f) {
    content_fields& c = cur().content;
    std::string value = field_value(f);
    if (iequals(rest, "ID")) {
      if (!c.id) c.id = nul_to_replacement(value);
    } else if (iequals(rest, "MD5")) {
      if (!c.md5) c.md5 = nul_to_replacement(value);
    } else if (iequals(rest, "Type")) {
      if (c.type) return;
      lexer lx(value);
      lx.skip_cfws();
      std::string ct;
      int r = lx.content_type(ct);
      // A broken value keeps what could be read: "text" alone is type
      // "text" with an empty subtype; worse is "" "" (as in Dovecot 2.3).
      std::size_t slash = ct.find('/');
      c.subtype = slash == std::string::npos ? std::string() : ct.substr(slash + 1);
      if (slash != std::string::npos) ct.resize(slash);
      c.type = ct;
      if (r < 0) return;
      c.type_params = parse_parameters(lx);
    } else if (iequals(rest, "Transfer-Encoding")) {
      if (c.transfer_encoding) return;
      lexer lx(value);
      lx.skip_cfws();
      std::string tok;
      if (lx.token(tok) >= 0 && lx.skip_cfws() == 0 && !tok.empty()) c.transfer_encoding = tok;
    } else if (iequals(rest, "Language")) {
      if (!c.language.empty()) return;
      lexer lx(value);
      lx.skip_cfws();
      std::string tag;
      while (lx.atom(tag) >= 0) {
        c.language.push_back(tag);
        tag.clear();
        if (lx.at_end() || lx.peek() != ',') break;
        lx.advance();
        lx.skip_cfws();
      }
    } else if (iequals(rest, "Location")) {
      if (!c.location) c.location = nul_to_replacement(value);
    } else if (iequals(rest, "Description")) {
      if (!c.description) c.description = nul_to_replacement(value);
    } else if (iequals(rest, "Disposition")) {
      // Dovecot takes a later Content-Disposition while the one it has
      // has no parameters; kept for identical answers.
      if (!c.disposition_params.empty()) return;
      lexer lx(value);
      lx.skip_cfws();
      std::string tok;
      if (lx.token(tok) < 0) return;
      c.disposition = tok;
      c.disposition_params = parse_parameters(lx);
    }
  }

  void envelope_field(std::string_view name, const header_field& f) {
    envelope& e = *cur().envelope;
    auto text = [&](std::optional<std::string>& slot) { slot = nul_to_replacement(field_value(f)); };
    // Every To, Cc... field adds to its list (Dovecot 2.3 does the same).
    auto addrs = [&](std::optional<std::vector<address>>& slot) {
      std::vector<address> v = parse_address_list(field_value(f));
      if (v.empty()) return;
      if (!slot) slot.emplace();
      slot->insert(slot->end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    };
    if (iequals(name, "Date")) text(e.date);
    else if (iequals(name, "Subject")) text(e.subject);
    else if (iequals(name, "Message-ID")) text(e.message_id);
    else if (iequals(name, "In-Reply-To")) text(e.in_reply_to);
    else if (iequals(name, "From")) addrs(e.from);
    else if (iequals(name, "Sender")) addrs(e.sender);
    else if (iequals(name, "Reply-To")) addrs(e.reply_to);
    else if (iequals(name, "To")) addrs(e.to);
    else if (iequals(name, "Cc")) addrs(e.cc);
    else if (iequals(name, "Bcc")) addrs(e.bcc);
  }

  state header() {
    const std::uint32_t me = cur_;
    const std::uint64_t hs = cur().header_start;
    const bool wants_envelope =
        me == 0 || m_.parts[cur().parent].is(flag_message_rfc822);
    if (wants_envelope) cur().envelope.emplace();
    seen_content_type_ = false;
    last_boundary_.reset();
    bool multipart_started = false;
    bool cut = false;
    bool any_field = false;
    std::size_t last_newline = 0;
    std::uint64_t he;
    for (;;) {
      if (pos_ >= d_.size()) {  // the header runs to the end: no body
        he = pos_;
        break;
      }
      if (pos_ - hs > lim_.mime_header_bytes) {
        // The rest of an over-long header is read as body.
        cur().flags |= flag_overflow;
        m_.truncated = true;
        he = pos_;
        break;
      }
      std::size_t blank = blank_line_at(d_, pos_);
      if (blank != 0 && last_boundary_ && cur().is(flag_is_mime)) {
        // The body of this multipart begins: open its boundary now, so
        // that a "--boundary" line that is a prefix of an outer one is ours.
        if (too_deep()) {
          cur().flags &= static_cast<std::uint16_t>(~flag_multipart);
          cur().flags |= flag_overflow;
          m_.truncated = true;
        } else {
          bounds_.push_back({me, std::move(*last_boundary_), false});
          multipart_started = true;
        }
        last_boundary_.reset();
      }
      int b = find_boundary(pos_);
      if (b >= 0 && bounds_[static_cast<std::size_t>(b)].part != me) {
        // An outer boundary cuts this header short; the newline before it
        // belongs to the boundary.
        he = any_field ? pos_ - last_newline : hs;
        cut = true;
        if (!any_field && cur().parent != part::npos &&
            m_.parts[cur().parent].is(flag_message_rfc822) && m_.parts[cur().parent].body_start == hs) {
          // An embedded message with nothing in it: its parent's blank line
          // goes to the boundary too, and the empty message sits before it.
          give_blank_line_to_boundary(cur().parent);
          he = cur().header_start = m_.parts[cur().parent].body_start;
        }
        break;
      }
      if (blank != 0) {
        pos_ += blank;
        he = pos_;
        break;
      }
      header_field f;
      std::size_t next = read_field(d_, pos_, f);
      any_field = true;
      if (f.has_nul) cur().flags |= flag_has_nuls;
      std::string_view name = comparable_name(f.name);
      if (f.has_colon) {
        if (iequals(name, "MIME-Version")) {
          cur().flags |= flag_is_mime;
        } else if (iequals(name, "Content-Type")) {
          cur().flags |= flag_is_mime;
          structure_content_type(field_value(f));
        }
        if (starts_with_ci(name, "Content-")) content_field(name.substr(8), f);
        if (wants_envelope) envelope_field(name, f);
      }
      last_newline = f.has_newline ? (f.last_line_crlf ? 2 : 1) : 0;
      pos_ = next;
    }

    part& p = cur();
    p.body_start = p.body_end = he;
    if (cut) {
      p.flags |= flag_header_cut;
      ended_[me] = true;  // its body is empty: the boundary comes next
    }
    const bool digest_child = p.parent != part::npos && m_.parts[p.parent].is(flag_digest);
    if (!p.is(flag_is_mime)) {
      // Not MIME: forget what Content-* said.
      p.flags = static_cast<std::uint16_t>(p.flags & flag_has_nuls);
      p.content = content_fields{};
    }
    if (!seen_content_type_ || !p.is(flag_is_mime)) {
      p.flags |= digest_child ? flag_message_rfc822 : flag_text;
    }
    p.cte = classify_transfer_encoding(p.content.transfer_encoding.value_or(""));

    if (multipart_started) return state::to_boundary;
    if (p.is(flag_message_rfc822)) {
      if (!too_deep() && total_parts_ < lim_.mime_parts) {
        // The embedded message starts where this body does.
        new_child(cut ? he : pos_);
        return state::header;
      }
      p.flags &= static_cast<std::uint16_t>(~flag_message_rfc822);
      p.flags |= flag_overflow;
      m_.truncated = true;
    }
    return bounds_.empty() ? state::to_eof : state::to_boundary;
  }

  // The part `idx` has an empty body and a boundary line follows: a blank
  // line that ended its header belongs to that boundary.
  void give_blank_line_to_boundary(std::uint32_t idx) {
    part& p = m_.parts[idx];
    if (ended_[idx] || p.body_start != pos_) return;
    std::size_t blank = 0;
    if (pos_ >= 1 && d_[pos_ - 1] == '\n') {
      blank = (pos_ >= 2 && d_[pos_ - 2] == '\r') ? 2 : 1;
      std::uint64_t line = pos_ - blank;
      // It must be a blank line of this header, not the end of its last field.
      if (line < p.header_start || !(line == p.header_start || d_[line - 1] == '\n')) blank = 0;
    }
    p.body_start = p.body_end = pos_ - blank;
    ended_[idx] = true;
  }

  state body_to_boundary() {
    // A boundary on the first line: the body is empty. If a blank line
    // just ended the header, that line break belongs to the boundary (RFC
    // 2046 section 5.1.1: the CRLF before "--" is part of it), so the
    // header ends before it; Dovecot 2.3 answers MIME and HEADER.FIELDS so.
    int b = find_boundary(pos_);
    if (b >= 0) {
      if (bounds_[static_cast<std::size_t>(b)].part != cur_) give_blank_line_to_boundary(cur_);
      return boundary_found(b, pos_, pos_);
    }
    std::size_t scan = pos_;
    for (;;) {
      std::size_t lf = d_.find('\n', scan);
      if (lf == std::string_view::npos) {
        pos_ = d_.size();
        return state::done;
      }
      std::size_t next = lf + 1;
      b = find_boundary(next);
      if (b >= 0) {
        // The [CR]LF before "--boundary" is part of the boundary.
        std::size_t at = (lf > pos_ && d_[lf - 1] == '\r') ? lf - 1 : lf;
        return boundary_found(b, at, next);
      }
      scan = next;
    }
  }

  state boundary_found(int idx, std::uint64_t at, std::size_t line) {
    auto b = static_cast<std::size_t>(idx);
    finish_up_to(bounds_[b].part, at);
    cur_ = bounds_[b].part;
    std::size_t len = bounds_[b].text.size();
    bool epilogue = bounds_[b].epilogue_found;
    // A closing boundary is done with; a boundary of an outer multipart
    // closes every inner one that never saw its own end.
    bounds_.resize(epilogue ? b : b + 1);
    // UNSAFE: find_boundary matched "--" + len bytes (+ "--") at `line`, so
    // this stays within the input.
    pos_ = line + 2 + len + (epilogue ? 2 : 0);
    return state::boundary_line;
  }

  state boundary_line() {
    // The rest of the boundary line (e.g. transport padding) is skipped.
    std::size_t lf = d_.find('\n', pos_);
    if (lf == std::string_view::npos) {
      pos_ = d_.size();
      return state::done;
    }
    pos_ = lf + 1;
    if (bounds_.empty() || bounds_.back().part != cur_)  // epilogue
      return bounds_.empty() ? state::to_eof : state::to_boundary;
    if (total_parts_ >= lim_.mime_parts) {
      cur().flags |= flag_overflow;
      m_.truncated = true;
      return state::to_boundary;
    }
    new_child(pos_);
    cur().flags |= flag_is_mime;
    return state::header;
  }

  // Line counts and CRLF-counted sizes in one pass over the input: every
  // offset of interest, sorted, with running counts.
  void count_lines_and_sizes() {
    std::vector<std::uint64_t> offs;
    offs.reserve(m_.parts.size() * 3);
    for (const part& p : m_.parts) {
      offs.push_back(p.header_start);
      offs.push_back(p.body_start);
      offs.push_back(p.body_end);
    }
    std::sort(offs.begin(), offs.end());
    offs.erase(std::unique(offs.begin(), offs.end()), offs.end());
    std::vector<std::uint64_t> lfs(offs.size()), bare(offs.size());
    std::uint64_t nl = 0, nbare = 0, i = 0;
    for (std::size_t k = 0; k < offs.size(); ++k) {
      std::uint64_t target = std::min<std::uint64_t>(offs[k], d_.size());
      while (i < target) {
        const void* hit = std::memchr(d_.data() + i, '\n', target - i);
        if (!hit) {
          i = target;
          break;
        }
        std::uint64_t at = static_cast<std::uint64_t>(static_cast<const char*>(hit) - d_.data());
        ++nl;
        if (at == 0 || d_[at - 1] != '\r') ++nbare;
        i = at + 1;
      }
      lfs[k] = nl;
      bare[k] = nbare;
    }
    auto idx = [&](std::uint64_t off) {
      return static_cast<std::size_t>(std::lower_bound(offs.begin(), offs.end(), off) - offs.begin());
    };
    for (part& p : m_.parts) {
      std::size_t a = idx(p.header_start), b = idx(p.body_start), c = idx(p.body_end);
      p.header_lines = static_cast<std::uint32_t>(lfs[b] - lfs[a]);
      p.body_lines = static_cast<std::uint32_t>(lfs[c] - lfs[b]);
      p.body_size = (p.body_end - p.body_start) + (bare[c] - bare[b]);
    }
  }

  std::string_view d_;
  const cairn::limits& lim_;
  message m_;
  std::vector<bool> ended_;
  std::vector<open_boundary> bounds_;
  std::uint32_t cur_ = 0;
  std::size_t pos_ = 0;
  unsigned total_parts_ = 0;
  bool seen_content_type_ = false;
  std::optional<std::string> last_boundary_;
};

}  // namespace

transfer_encoding classify_transfer_encoding(std::string_view cte) {
  if (cte.empty() || iequals(cte, "7bit")) return transfer_encoding::seven_bit;
  if (iequals(cte, "8bit")) return transfer_encoding::eight_bit;
  if (iequals(cte, "binary")) return transfer_encoding::binary;
  if (iequals(cte, "base64")) return transfer_encoding::base64;
  if (iequals(cte, "quoted-printable")) return transfer_encoding::quoted_printable;
  return transfer_encoding::unknown;
}

message parse(std::string_view raw, const cairn::limits& lim) {
  return parser(raw, lim).run();
}

void append_normalized_crlf(std::string& out, std::string_view raw) {
  // Only a bare LF is changed (DESIGN.md): a bare CR stays, as in Dovecot,
  // and is data, not a line ending, to the parser as well. The runs between
  // line feeds are copied whole (memchr): a message that arrives with CRLF
  // already, the usual case, is one pass and one copy.
  out.reserve(out.size() + raw.size() + raw.size() / 32 + 2);
  std::size_t from = 0;
  while (from < raw.size()) {
    const void* hit = std::memchr(raw.data() + from, '\n', raw.size() - from);
    if (!hit) break;
    const std::size_t lf = static_cast<std::size_t>(static_cast<const char*>(hit) - raw.data());
    if (lf == 0 || raw[lf - 1] != '\r') {
      out.append(raw.data() + from, lf - from);
      out += "\r\n";
    } else {
      out.append(raw.data() + from, lf + 1 - from);
    }
    from = lf + 1;
  }
  out.append(raw.data() + from, raw.size() - from);
}

std::string normalize_crlf(std::string_view raw) {
  std::string out;
  append_normalized_crlf(out, raw);
  return out;
}

}  // namespace cairn::mime

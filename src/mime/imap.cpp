#include "mime/imap.hpp"

#include "protocol/writer.hpp"

namespace cairn::mime {
namespace {

using proto::append_nstring;
using proto::append_number;
using proto::append_string;

void append_humans(std::string& out, const std::optional<std::string>& s) {
  if (!s) {
    out += "NIL";
    return;
  }
  append_string(out, for_humans(*s));
}

void append_nolf(std::string& out, const std::optional<std::string>& s) {
  if (!s) {
    out += "NIL";
    return;
  }
  append_string(out, without_newlines(*s));
}

void append_opt(std::string& out, const std::optional<std::string>& s) {
  if (!s) out += "NIL";
  else append_string(out, *s);
}

void append_addresses(std::string& out, const std::optional<std::vector<address>>& list) {
  if (!list || list->empty()) {
    out += "NIL";
    return;
  }
  out += '(';
  for (const address& a : *list) {
    out += '(';
    append_humans(out, a.name);
    out += ' ';
    append_opt(out, a.route);
    out += ' ';
    append_opt(out, a.mailbox);
    out += ' ';
    append_opt(out, a.domain);
    out += ')';
  }
  out += ')';
}

void append_params(std::string& out, const std::vector<param>& params, bool default_charset) {
  if (params.empty() && !default_charset) {
    out += "NIL";
    return;
  }
  out += '(';
  bool seen_charset = false;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += ' ';
    if (iequals(params[i].name, "charset")) seen_charset = true;
    append_string(out, params[i].name);
    out += ' ';
    append_string(out, params[i].value);
  }
  if (default_charset && !seen_charset) {
    if (!params.empty()) out += ' ';
    out += "\"charset\" \"us-ascii\"";
  }
  out += ')';
}

void append_common_extension(std::string& out, const content_fields& c) {
  out += ' ';
  if (!c.disposition) {
    out += "NIL";
  } else {
    out += '(';
    append_string(out, *c.disposition);
    out += ' ';
    append_params(out, c.disposition_params, false);
    out += ')';
  }
  out += ' ';
  if (c.language.empty()) {
    out += "NIL";
  } else {
    out += '(';
    for (std::size_t i = 0; i < c.language.size(); ++i) {
      if (i > 0) out += ' ';
      append_string(out, c.language[i]);
    }
    out += ')';
  }
  out += ' ';
  append_nolf(out, c.location);
}

constexpr const char* empty_body = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)";
constexpr const char* empty_bodystructure =
    "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)";

// Writes one part; children are written by the caller's explicit stack.
// The renderer is iterative: a stack of (part, next child) frames, so a
// message nested 100 deep needs no deep C++ stack.
struct frame {
  std::uint32_t index;
  std::size_t next_child;
  bool rfc822_tail;  // after the embedded message: " lines [ext]"
};

void write_leaf_head(std::string& out, const part& p, bool& text) {
  const content_fields& c = p.content;
  if (p.is(flag_message_rfc822)) {
    out += "\"message\" \"rfc822\"";
    text = false;
  } else if (!c.type) {
    text = true;
    out += "\"text\" \"plain\"";
  } else {
    text = iequals(*c.type, "text");
    append_string(out, *c.type);
    out += ' ';
    append_string(out, c.subtype.value_or(text ? "plain" : "unknown"));
  }
  out += ' ';
  append_params(out, c.type_params, text);
  out += ' ';
  append_nolf(out, c.id);
  out += ' ';
  append_nolf(out, c.description);
  out += ' ';
  if (c.transfer_encoding) append_string(out, *c.transfer_encoding);
  else out += "\"7bit\"";
  out += ' ';
  append_number(out, p.body_size);
  if (text) {
    out += ' ';
    append_number(out, p.body_lines);
  }
}

void write_leaf_extension(std::string& out, const part& p) {
  out += ' ';
  append_nolf(out, p.content.md5);
  append_common_extension(out, p.content);
}

// Dovecot's "plain 7bit" shortcut (message_part_data_is_plain_7bit): a
// message that is one text/plain part with at most charset=us-ascii (only
// nothing else), 7bit and no other Content-* field is
// always shown in one canonical form, e.g. "7BIT" as "7bit".
bool is_plain_7bit(const part& p) {
  const content_fields& c = p.content;
  if (!p.is(flag_text) || !p.children.empty()) return false;
  if (c.subtype && !iequals(*c.subtype, "plain")) return false;
  if (c.type_params.size() > 1) return false;
  if (!c.type_params.empty() &&
      (!iequals(c.type_params[0].name, "charset") || !iequals(c.type_params[0].value, "us-ascii")))
    return false;
  if (c.id || c.description) return false;
  if (c.transfer_encoding && !iequals(*c.transfer_encoding, "7bit")) return false;
  return !c.md5 && !c.disposition && c.language.empty() && !c.location;
}

std::string render(const message& m, std::uint32_t root, bool extended) {
  if (root == 0 && is_plain_7bit(m.parts[0])) {
    std::string out = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" ";
    append_number(out, m.parts[0].body_size);
    out += ' ';
    append_number(out, m.parts[0].body_lines);
    out += extended ? " NIL NIL NIL NIL)" : ")";
    return out;
  }
  std::string out;
  std::vector<frame> stack;
  stack.push_back({root, 0, false});
  out += '(';
  while (!stack.empty()) {
    frame& f = stack.back();
    const part& p = m.parts[f.index];
    if (p.is(flag_multipart)) {
      if (f.next_child == 0 && p.children.empty()) {
        // A multipart with no parts is not allowed: show one empty text part.
        out += extended ? empty_bodystructure : empty_body;
        f.next_child = 1;
      } else if (f.next_child < p.children.size()) {
        std::uint32_t child = p.children[f.next_child++];
        out += '(';
        stack.push_back({child, 0, false});
        continue;
      }
      out += ' ';
      append_string(out, p.content.subtype.value_or("x-unknown"));
      if (extended) {
        out += ' ';
        append_params(out, p.content.type_params, false);
        append_common_extension(out, p.content);
      }
    } else if (!f.rfc822_tail) {
      bool text = false;
      write_leaf_head(out, p, text);
      if (p.is(flag_message_rfc822) && !p.children.empty()) {
        const part& child = m.parts[p.children[0]];
        out += ' ';
        out += render_envelope(child.envelope ? &*child.envelope : nullptr);
        out += " (";
        f.rfc822_tail = true;
        stack.push_back({p.children[0], 0, false});
        continue;
      }
      if (extended) write_leaf_extension(out, p);
    } else {
      out += ' ';
      append_number(out, p.body_lines);
      if (extended) write_leaf_extension(out, p);
    }
    out += ')';
    stack.pop_back();
  }
  return out;
}

}  // namespace

std::string for_humans(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool last_space = true;
  for (char c : s) {
    switch (c) {
      case '\0':
        out += '\x80';
        last_space = false;
        break;
      case '\r': case '\n': case '\t': case ' ':
        if (!last_space) out += ' ';
        last_space = true;
        break;
      default:
        out += c;
        last_space = false;
        break;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string without_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\r' && c != '\n') {
      out += c;
      continue;
    }
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (next != ' ' && next != '\t' && next != '\r' && next != '\n' && next != '\0') out += ' ';
  }
  return out;
}

std::string render_envelope(const envelope* e) {
  if (!e) return "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)";
  std::string out = "(";
  append_nolf(out, e->date);
  out += ' ';
  append_humans(out, e->subject);
  out += ' ';
  append_addresses(out, e->from);
  out += ' ';
  append_addresses(out, e->sender ? e->sender : e->from);
  out += ' ';
  append_addresses(out, e->reply_to ? e->reply_to : e->from);
  out += ' ';
  append_addresses(out, e->to);
  out += ' ';
  append_addresses(out, e->cc);
  out += ' ';
  append_addresses(out, e->bcc);
  out += ' ';
  append_nolf(out, e->in_reply_to);
  out += ' ';
  append_nolf(out, e->message_id);
  out += ')';
  return out;
}

std::string render_body(const message& m, std::uint32_t index) { return render(m, index, false); }
std::string render_bodystructure(const message& m, std::uint32_t index) {
  return render(m, index, true);
}

}  // namespace cairn::mime

#include "mime/address.hpp"

#include "mime/rfc822.hpp"

namespace cairn::mime {
namespace {

// The structure and the repairs follow Dovecot's message-address.c step by
// step; where a choice looks odd (e.g. a quoted local part without a domain
// keeps domain ""), it is Dovecot's, kept so that ENVELOPE answers match.
class address_parser {
 public:
  explicit address_parser(std::string_view v) : lx_(v) { lx_.track_comments(&comment_); }

  std::vector<address> run(unsigned max) {
    if (lx_.skip_cfws() > 0) list(max);
    return std::move(out_);
  }

 private:
  void add() {
    out_.push_back(std::move(cur_));
    cur_ = address{};
  }

  void add_fixed() {
    if (!cur_.mailbox) {
      cur_.mailbox = "MISSING_MAILBOX";
      cur_.invalid = true;
    }
    if (!cur_.domain || cur_.domain->empty()) {
      cur_.domain = "MISSING_DOMAIN";
      cur_.invalid = true;
    }
    add();
  }

  bool at(char c) const { return !lx_.at_end() && lx_.peek() == c; }

  int local_part() {
    str_.clear();
    int r = at('"') ? lx_.quoted_string(str_) : lx_.dot_atom(str_);
    if (r < 0) return -1;
    cur_.mailbox = str_;
    return r;
  }

  int domain() {
    str_.clear();
    int r = lx_.domain(str_);
    if (r < 0) return -1;
    cur_.domain = str_;
    return r;
  }

  int domain_list() {
    str_.clear();
    for (;;) {
      if (lx_.at_end()) return 0;
      if (lx_.peek() != '@') break;
      if (!str_.empty()) str_ += ',';
      str_ += '@';
      int r = lx_.domain(str_);
      if (r <= 0) return r;
      while (lx_.skip_cfws() > 0 && lx_.peek() == ',') lx_.advance();
    }
    cur_.route = str_;
    return 1;
  }

  int angle_addr() {
    lx_.advance();  // '<'
    if (lx_.skip_cfws() <= 0) return -1;
    if (lx_.peek() == '@') {
      if (domain_list() > 0 && at(':')) {
        lx_.advance();
      } else {
        cur_.route = "INVALID_ROUTE";
        if (lx_.at_end()) return -1;
      }
      if (lx_.skip_cfws() <= 0) return -1;
    }
    if (lx_.peek() != '>') {
      if (local_part() <= 0) return -1;
      if (lx_.peek() == '@' && domain() <= 0) return -1;
    }
    if (!at('>')) return -1;
    lx_.advance();
    return lx_.skip_cfws();
  }

  int name_addr() {
    str_.clear();
    if (lx_.phrase(str_) <= 0 || lx_.peek() != '<') return -1;
    if (!str_.empty()) cur_.name = str_;
    if (angle_addr() < 0) {
      cur_.domain = "SYNTAX_ERROR";
      cur_.invalid = true;
    }
    return lx_.at_end() ? 0 : 1;
  }

  int addr_spec() {
    int ret2 = -2;
    comment_.clear();
    bool quoted = at('"');
    int ret = local_part();
    if (ret <= 0) cur_.invalid = true;
    if (ret != 0 && at('@')) {
      ret2 = domain();
      if (ret2 <= 0) ret = ret2;
    }
    if (!comment_.empty()) {
      cur_.name = comment_;
    } else if (ret2 == -2) {
      // "user" alone is a mailbox, but "user more words" is a name.
      str_ += ' ';
      std::size_t before = str_.size();
      (void)lx_.phrase(str_);
      if (str_.size() != before) {
        cur_.mailbox.reset();
        cur_.name = str_;
      } else if (!quoted) {
        cur_.domain = "";
      }
      cur_.invalid = true;
      ret = -1;
    }
    return ret;
  }

  int mailbox() {
    const char* start = lx_.pos();
    int ret = name_addr();
    if (ret < 0) {
      lx_.set_pos(start);
      ret = addr_spec();
      if (cur_.invalid && !cur_.name && cur_.mailbox && !cur_.domain) {
        cur_.name = std::move(cur_.mailbox);
        cur_.mailbox.reset();
      }
    }
    if (ret < 0) cur_.invalid = true;
    add_fixed();
    return ret;
  }

  int group() {
    str_.clear();
    if (lx_.phrase(str_) <= 0 || lx_.peek() != ':') return -1;
    // From here on this is a group, whatever follows.
    lx_.advance();
    int ret = lx_.skip_cfws();
    if (ret <= 0) cur_.invalid = true;
    cur_.mailbox = str_;
    add();
    if (ret > 0 && lx_.peek() != ';') {
      for (;;) {
        (void)mailbox();
        if (!at(',')) break;
        lx_.advance();
        if (lx_.skip_cfws() <= 0) {
          ret = -1;
          break;
        }
      }
    }
    if (ret >= 0) {
      if (!at(';')) {
        ret = -1;
      } else {
        lx_.advance();
        ret = lx_.skip_cfws();
      }
    }
    if (ret < 0) cur_.invalid = true;
    add();
    return ret == 0 ? 0 : 1;
  }

  int one_address() {
    const char* start = lx_.pos();
    int ret = group();
    if (ret < 0) {
      lx_.set_pos(start);
      ret = mailbox();
    }
    return ret;
  }

  void list(unsigned max) {
    while (max-- > 0) {
      if (one_address() == 0) break;
      if (!at(',')) break;
      lx_.advance();
      int r = lx_.skip_cfws();
      if (r <= 0) {
        if (r < 0) add_fixed();  // ends with garbage
        break;
      }
    }
  }

  lexer lx_;
  std::string comment_;
  std::string str_;
  address cur_;
  std::vector<address> out_;
};

}  // namespace

std::vector<address> parse_address_list(std::string_view value, unsigned max) {
  return address_parser(value).run(max);
}

}  // namespace cairn::mime

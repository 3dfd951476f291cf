// cairn import, cairn export, cairn user import (mail_commands.hpp).
#include <iostream>

#include "server/mail_commands.hpp"

namespace cairn::server {

int import_command(const config&, const import_args&) {
  std::cerr << "cairn import: not yet\n";
  return 70;
}
int export_command(const config&, const export_args&) {
  std::cerr << "cairn export: not yet\n";
  return 70;
}
int user_import_command(const config&, const std::string&) {
  std::cerr << "cairn user import: not yet\n";
  return 70;
}

}  // namespace cairn::server

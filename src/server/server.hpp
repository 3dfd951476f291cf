#pragma once
// `cairn serve`: binds the listeners (as root, if started so), drops to the
// configured user, opens the store and serves until SIGTERM or SIGINT, when
// it stops accepting, lets running commands finish, says "* BYE" and exits
// 0. SIGHUP reloads the configuration file and the certificates for new
// connections, dropping none.
#include <functional>
#include <memory>

#include "server/config.hpp"

namespace cairn::server {

// Applied after every (re)load of the file: the command line wins.
using overrides_fn = std::function<void(config&)>;

// Runs the server; returns the process exit code. Start-up errors are
// logged as one line and give a non-zero code.
int serve(config cfg, overrides_fn overrides);

// Privileges: resolves `user` and, when running as root, makes `dir` (and
// what is in it) belong to that user, then switches to it. No-op when not
// root or `user` is empty. Throws config_error.
void drop_privileges(const std::string& user, const std::filesystem::path& dir);
// For the other subcommands started as root: run as the owner of the data
// folder, so files they create stay usable by the server.
void become_data_owner(const std::filesystem::path& dir);

}  // namespace cairn::server

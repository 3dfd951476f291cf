// cairn-bench-users: adds accounts to a Cairn data folder with password
// hashes given as they are, so that Cairn and the reference Dovecot check
// the very same argon2id hash (made once by `doveadm pw -s ARGON2ID`).
// `cairn user add` can only hash a password itself; importing hashes is
// issue 10's `cairn user import`, and this stays a benchmark tool until then.
//
//   cairn-bench-users --data DIR < lines of "name:{ARGON2ID}$argon2id$..."
//   cairn-bench-users --hash M,T,P < lines of "name:password"
//       prints "name:{ARGON2ID}$argon2id$v=19$m=M,t=T,p=P$..." (libargon2, as
//       Cairn hashes), for accounts that both servers then get alike
//       (the idle-connection scenario's cheap accounts).
//
// Goes through the store API exactly as `cairn user add` does (add_user,
// then provision the standard mailboxes), as the owner of the data folder.
// An account that already exists gets the given hash (set_password).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <string>

#include "auth/password.hpp"
#include "server/server.hpp"
#include "store/store.hpp"

using namespace cairn;

int main(int argc, char** argv) {
  CLI::App app{"Import accounts with given password hashes into a Cairn data folder"};
  std::string data, hash_params;
  app.add_option("--data", data, "Data folder");
  app.add_option("--hash", hash_params, "Only hash: M,T,P (KiB, passes, lanes); name:password lines in");
  CLI11_PARSE(app, argc, argv);

  if (!hash_params.empty()) {
    auth::argon2_params p;
    if (std::sscanf(hash_params.c_str(), "%u,%u,%u", &p.memory_kib, &p.time_cost, &p.parallelism) != 3) {
      std::cerr << "cairn-bench-users: --hash wants M,T,P\n";
      return 64;
    }
    std::string line;
    while (std::getline(std::cin, line)) {
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      auto h = auth::hash_password(line.substr(colon + 1), p);
      if (!h) {
        std::cerr << "cairn-bench-users: " << h.error().message() << "\n";
        return 1;
      }
      std::cout << line.substr(0, colon) << ":{ARGON2ID}" << *h << "\n";
    }
    return 0;
  }
  if (data.empty()) {
    std::cerr << "cairn-bench-users: --data is needed\n";
    return 64;
  }

  try {
    server::become_data_owner(data);
  } catch (const std::exception& e) {
    std::cerr << "cairn-bench-users: " << e.what() << "\n";
    return 1;
  }
  store::embedded_options so;
  so.data_dir = data;
  auto backend = store::open_embedded(so);
  if (!backend) {
    std::cerr << "cairn-bench-users: cannot open the store in " << data << ": " << backend.error().message() << "\n";
    return 1;
  }
  auto& users = (*backend)->users();
  std::string line;
  unsigned added = 0, updated = 0;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      std::cerr << "cairn-bench-users: expected NAME:HASH, got \"" << line.substr(0, 40) << "\"\n";
      return 65;
    }
    std::string name = line.substr(0, colon), hash = line.substr(colon + 1);
    if (!auth::is_supported_hash(hash)) {
      std::cerr << "cairn-bench-users: " << name << ": unsupported hash\n";
      return 65;
    }
    auto u = users.add_user(name, hash);
    if (!u && u.error() == errc::already_exists) {
      if (auto r = users.set_password(name, hash); !r) {
        std::cerr << "cairn-bench-users: " << name << ": " << r.error().message() << "\n";
        return 1;
      }
      ++updated;
      continue;
    }
    if (!u) {
      std::cerr << "cairn-bench-users: " << name << ": " << u.error().message() << "\n";
      return 1;
    }
    auto acct = (*backend)->open_account(u->account_id);
    if (!acct || !store::provision(**acct)) {
      std::cerr << "cairn-bench-users: cannot create the mailboxes of " << name << "\n";
      return 1;
    }
    ++added;
  }
  std::cout << "added " << added << ", updated " << updated << "\n";
  return 0;
}

// A scratch system for the fuzzing mains: SQLite on tmpfs (fsync costs nothing
// there, so it is in memory in all but name), migrated, with the Jiangmen regions.
#include "app/system.h"

#include <unistd.h>

#include <filesystem>

#include "targets/targets.h"

namespace shuniu::fuzz {

std::unique_ptr<app::System> OpenScratchSystem() {
  namespace fs = std::filesystem;
  fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  fs::path dir = base / ("shuniu-fuzz-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Config cfg;
  cfg.db_url = "sqlite://" + (dir / "shuniu.db").string();
  cfg.key_file = (dir / "shuniu.key").string();
  cfg.files_dir = (dir / "files").string();
  cfg.data_dir = SHUNIU_SOURCE_DIR "/data";
  cfg.workers = 2;
  cfg.vote_batching = false;  // no writer thread: one transaction per vote
  auto sys = app::System::Open(cfg, true);
  Check(sys.ok(), "cannot open the scratch system: " + (sys.ok() ? "" : sys.status().message()));
  auto rep = (*sys)->regions->Import(RequestContext{std::nullopt, "fuzz", "fuzz", "local"},
                                     cfg.data_dir + "/regions/jiangmen", "4407");
  Check(rep.ok(), "cannot import the regions: " + (rep.ok() ? "" : rep.status().message()));
  return std::move(sys).value();
}

}  // namespace shuniu::fuzz

#pragma once

#include "httpclient.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace bootbench::engine {

// What a folder-image action needs from the engine around it.
struct ImageActionContext
{
    std::string folderUrl; // the image folder on the image port (GET work: images[].url)
    std::vector<std::pair<std::string, std::string>> headers; // Authorization: Bearer TOKEN
    std::string diskOverride;                                 // --disk
    nlohmann::json source = nlohmann::json::object();         // {"mac", "name"}: who took it
    std::string hostName; // what a restore writes into the restored system (ImageSafeWriter), may be empty
    HttpClient client;
    std::function<void(const std::string &)> say;
    // stage "take"/"restore", bytes moved so far, total (-1: unknown), a sentence.
    std::function<void(const std::string &, int64_t, int64_t, const std::string &)> progress;
};

struct ImageActionResult
{
    bool success = false;
    std::string reason;  // why it failed, naming the disk or the partition
    std::string summary; // what was done, with the figures
};

// The `take` action with "format": "folder" (docs/images.md): the disk's head, table and each
// partition (partclone through zstd, or raw) uploaded while produced, the manifest last.
ImageActionResult takeFolderImage(const nlohmann::json &params, const ImageActionContext &context);
// The `restore` action with "format": "folder": checks the disk's size, writes the head and the
// table, makes the kernel see the partitions, restores each stream checking its SHA-256.
ImageActionResult restoreFolderImage(const nlohmann::json &params, const ImageActionContext &context);

} // namespace bootbench::engine

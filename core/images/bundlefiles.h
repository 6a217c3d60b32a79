#pragma once

#include "images/imagestore.h"
#include "model/bundleactions.h"

namespace bootbench {

// What validateBundle cannot see: whether the images a bundle restores are in the image store and
// whether the WinPE folder holds the files chosen from it. Reads the file system (no file content).
QList<BundleProblem> checkBundleFiles(const Bundle &bundle, const ImageStore &images);

} // namespace bootbench

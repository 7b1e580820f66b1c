/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The main of the replay programs (sfc-fuzz-replay-<target>): feeds every
 * file named on the command line, or found (sorted, recursively) in a
 * directory named there, to the target's LLVMFuzzerTestOneInput, so a
 * build without libFuzzer checks the same properties on the seed corpus
 * and on the regression inputs. A broken property aborts (exit status
 * non-zero, the input named on stderr); no input at all is an error too.
 */

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace
{

std::vector<std::string>
Inputs(const std::filesystem::path& root)
{
    std::vector<std::string> files;
    if (std::filesystem::is_directory(root))
    {
        for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        {
            if (e.is_regular_file())
            {
                files.push_back(e.path().string());
            }
        }
        std::sort(files.begin(), files.end());
    }
    else if (std::filesystem::is_regular_file(root))
    {
        files.push_back(root.string());
    }
    return files;
}

} // namespace

int
main(int argc, char** argv)
{
    std::size_t count = 0;
    for (int i = 1; i < argc; ++i)
    {
        if (!std::filesystem::exists(argv[i]))
        {
            std::fprintf(stderr, "%s: no such input: %s\n", argv[0], argv[i]);
            return 2;
        }
        for (const std::string& file : Inputs(argv[i]))
        {
            std::ifstream in(file, std::ios::binary);
            std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
            std::fprintf(stderr, "replay %s (%zu bytes)\n", file.c_str(), bytes.size());
            LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
            ++count;
        }
    }
    if (count == 0)
    {
        std::fprintf(stderr, "%s: no inputs\n", argv[0]);
        return 1;
    }
    std::printf("%s: %zu inputs replayed, every property held\n", argv[0], count);
    return 0;
}

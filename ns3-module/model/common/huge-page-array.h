/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_HUGE_PAGE_ARRAY_H
#define SFC_HUGE_PAGE_ARRAY_H

#include <cstddef>
#include <memory>
#include <new>
#include <utility>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A fixed-size heap array aligned to cache lines, and to 2 MiB huge
 *        pages when it is large enough to fill one.
 *
 * The state tables probe their big arrays (index, record slab) at random
 * places: with 4 KiB pages nearly every probe of a table of a million flows
 * also misses the TLB. An array of at least 2 MiB is allocated 2 MiB-aligned
 * and, on Linux, offered to transparent huge pages with
 * madvise(MADV_HUGEPAGE) (which works when THP is in "madvise" or "always"
 * mode and is a no-op otherwise). The contents and every result are the same
 * either way; only the address translation gets cheaper.
 *
 * The elements are value-initialized on construction and destroyed with the
 * array. Not copyable; movable.
 */
template <typename T>
class HugePageArray
{
  public:
    static constexpr std::size_t kHugePage = std::size_t(2) << 20; //!< huge page size
    static constexpr std::size_t kCacheLine = 64;                  //!< smallest alignment

    HugePageArray() = default;

    /// \param n number of elements (value-initialized)
    explicit HugePageArray(std::size_t n)
        : m_size(n)
    {
        if (n == 0)
        {
            return;
        }
        std::size_t bytes = n * sizeof(T);
        void* p = ::operator new(bytes, std::align_val_t(AlignmentFor(bytes)));
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (bytes >= kHugePage)
        {
            // Advice only: a failure leaves the array on small pages.
            madvise(p, bytes / kHugePage * kHugePage, MADV_HUGEPAGE);
        }
#endif
        m_data = static_cast<T*>(p);
        std::uninitialized_value_construct_n(m_data, n);
    }

    ~HugePageArray()
    {
        Release();
    }

    HugePageArray(const HugePageArray&) = delete;
    HugePageArray& operator=(const HugePageArray&) = delete;

    /// \param o array to take over (left empty)
    HugePageArray(HugePageArray&& o) noexcept
        : m_data(std::exchange(o.m_data, nullptr)),
          m_size(std::exchange(o.m_size, 0))
    {
    }

    /// \param o array to take over (left empty) \return this
    HugePageArray& operator=(HugePageArray&& o) noexcept
    {
        if (this != &o)
        {
            Release();
            m_data = std::exchange(o.m_data, nullptr);
            m_size = std::exchange(o.m_size, 0);
        }
        return *this;
    }

    /// \param i element number \return the element
    T& operator[](std::size_t i)
    {
        return m_data[i];
    }

    /// \param i element number \return the element
    const T& operator[](std::size_t i) const
    {
        return m_data[i];
    }

    /// \return number of elements
    std::size_t size() const
    {
        return m_size;
    }

    /// \return true if the array has no element
    bool empty() const
    {
        return m_size == 0;
    }

    /// \param o array to exchange contents with
    void swap(HugePageArray& o) noexcept
    {
        std::swap(m_data, o.m_data);
        std::swap(m_size, o.m_size);
    }

    /// \param bytes size of an array \return the alignment it is allocated with
    static std::size_t AlignmentFor(std::size_t bytes)
    {
        return bytes >= kHugePage ? kHugePage : kCacheLine;
    }

  private:
    /// Destroy the elements and free the memory.
    void Release()
    {
        if (m_data != nullptr)
        {
            std::destroy_n(m_data, m_size);
            ::operator delete(m_data, std::align_val_t(AlignmentFor(m_size * sizeof(T))));
            m_data = nullptr;
            m_size = 0;
        }
    }

    T* m_data{nullptr};    //!< the elements
    std::size_t m_size{0}; //!< number of elements
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_HUGE_PAGE_ARRAY_H */

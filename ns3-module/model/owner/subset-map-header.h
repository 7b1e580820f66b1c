/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SUBSET_MAP_HEADER_H
#define SFC_SUBSET_MAP_HEADER_H

#include "query-subset.h"

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The full subset map, controller -> vPlane (UDP, 16 + 4V + 2K bytes, padded to 4).
 *
 * \verbatim
  0                   1                   2                   3
  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |  Version (1)  |   Type (8)    |        Reserved (zero)        |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                        Transaction id                         |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                            Epoch                              |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |     Number of subsets (K)     |     Number of vPlanes (V)     |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |          vPlane 0 underlay address (V addresses, ascending)   |
 ~                                                               ~
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |    vPlane index of subset 0   |   vPlane index of subset 1    |
 ~          (K indices < V, or 0xFFFF: unassigned)               ~
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |   zero padding to 4 bytes     |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 \endverbatim
 *
 * Shares the version and type octets with OwnerMessageHeader (type 8), so
 * one receiver can peek the type and pick the header. A vPlane applies a map
 * only if its epoch is newer than the one it has, and acknowledges it with
 * an OwnerMessageHeader ACK (Code 8, same transaction id and epoch); the
 * controller retransmits until acknowledged.
 */
class SubsetMapHeader : public Header
{
  public:
    static constexpr uint8_t kVersion = 1;        //!< protocol version
    static constexpr uint8_t kType = 8;           //!< message type
    static constexpr uint32_t kFixedSize = 16;    //!< bytes before the vPlane list
    static constexpr uint32_t kMaxVplanes = 1024; //!< largest V accepted

    SubsetMapHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the message. Rejected (IsValid() false, returns 0): fewer
     *        bytes than the counts require (checked before any list is read),
     *        another version or type, non-zero reserved or padding, K = 0 or
     *        K > QuerySubsetFunction::kMaxSubsets, V > kMaxVplanes, vPlanes
     *        not strictly ascending, an index >= V other than 0xFFFF.
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param id transaction id
    void SetTransaction(uint32_t id);
    /// \return transaction id
    uint32_t GetTransaction() const;
    /// \param map the map to carry (K >= 1 and V within the limits)
    void SetMap(const SubsetMap& map);
    /// \return the map carried
    const SubsetMap& GetMap() const;
    /// \return true if the last Deserialize() succeeded
    bool IsValid() const;

    /// \param k K \param v V \return serialized size of such a map
    static uint32_t SizeFor(uint32_t k, uint32_t v);

  private:
    uint32_t m_txid; //!< transaction id
    SubsetMap m_map; //!< the map
    bool m_valid;    //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SUBSET_MAP_HEADER_H */

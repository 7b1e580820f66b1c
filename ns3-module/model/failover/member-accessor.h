/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_MEMBER_ACCESSOR_H
#define SFC_MEMBER_ACCESSOR_H

#include "ns3/attribute-accessor-helper.h"
#include "ns3/ptr.h"

#include <type_traits>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Attribute accessor for a setting that an owner keeps in one of
 *        its member objects (MakeEndpointAccessor(), MakeRedundancyAccessor()):
 *        the owner declares the setting as its own attribute without a
 *        forwarding setter and getter.
 *
 * \tparam T the owner class
 * \tparam V the AttributeValue type (StringValue, TimeValue, ...)
 * \tparam U the setting's type
 * \tparam Get callable: U (const T&), reads the setting
 * \tparam Set callable: void (T&, const U&), writes it
 */
template <class T, class V, class U, class Get, class Set>
class MemberAccessor : public AccessorHelper<T, V>
{
  public:
    /// \param get reads the setting \param set writes it
    MemberAccessor(Get get, Set set)
        : m_get(get),
          m_set(set)
    {
    }

    bool HasGetter() const override
    {
        return true;
    }

    bool HasSetter() const override
    {
        return true;
    }

  private:
    bool DoSet(T* object, const V* v) const override
    {
        // V::Get() rather than GetAccessor(): an enum EnumValue<E> (ns-3 >= 3.41)
        // reads only into E.
        m_set(*object, static_cast<U>(v->Get()));
        return true;
    }

    bool DoGet(const T* object, V* v) const override
    {
        // (an enum EnumValue<E>, ns-3 >= 3.41, takes only E)
        using Stored = std::decay_t<decltype(v->Get())>;
        v->Set(static_cast<Stored>(m_get(*object)));
        return true;
    }

    Get m_get; //!< reads the setting
    Set m_set; //!< writes the setting
};

/**
 * \tparam V the AttributeValue type
 * \tparam T the owner class
 * \tparam U the setting's type
 * \param get reads the setting of an owner
 * \param set writes it
 * \return the accessor
 */
template <class V, class T, class U, class Get, class Set>
Ptr<const AttributeAccessor>
MakeMemberAccessor(Get get, Set set)
{
    return Ptr<const AttributeAccessor>(new MemberAccessor<T, V, U, Get, Set>(get, set), false);
}

} // namespace sfc
} // namespace ns3

#endif /* SFC_MEMBER_ACCESSOR_H */

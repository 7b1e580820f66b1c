/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VPlane control endpoint: dispatch of owner messages, and the owner's
 * registration of its NAT bindings with the helper of the translated key
 * (REGISTER, refresh every RegistrationLifetime / 3, WITHDRAW on expiry).
 */

#include "vplane.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcVPlaneControl");

OwnerMessageHeader
VPlane::Message(OwnerMessageHeader::Type type, const VnetFlowKey& key) const
{
    OwnerMessageHeader h;
    h.SetType(type);
    h.SetEpoch(m_map.GetEpoch());
    h.SetKey(key);
    return h;
}

void
VPlane::HandleMessage(const OwnerMessageHeader& h, Ipv4Address from)
{
    if (!m_running)
    {
        return;
    }
    Ipv4Address owner = h.GetOwner();
    bool namesOwner = h.GetType() == OwnerMessageHeader::REPLY ||
                      h.GetType() == OwnerMessageHeader::NOTIFY ||
                      h.GetType() == OwnerMessageHeader::REGISTER;
    if (namesOwner && (owner == Ipv4Address::GetAny() || owner.IsBroadcast() ||
                       owner.IsMulticast() || owner.IsLocalhost()))
    {
        // Well-formed, but names no vPlane: ignored (the sender's timer retries).
        Drop(Create<Packet>(), DropReason::MALFORMED);
        return;
    }
    switch (h.GetType())
    {
    case OwnerMessageHeader::QUERY:
        HandleQuery(h, from);
        break;
    case OwnerMessageHeader::REPLY:
    case OwnerMessageHeader::NACK: {
        auto it = m_queryTx.find(h.GetTransaction());
        if (it == m_queryTx.end())
        {
            // A REGISTER refused by a vPlane that is not the subset's helper.
            auto reg = m_regTx.find(h.GetTransaction());
            if (reg != m_regTx.end() && h.GetType() == OwnerMessageHeader::NACK)
            {
                m_control->Acknowledge(h.GetTransaction());
                VnetFlowKey key = reg->second;
                m_regTx.erase(reg);
                auto b = m_bindings.find(key);
                if (b != m_bindings.end())
                {
                    // Try again once our map may have caught up.
                    Simulator::Cancel(b->second.refresh);
                    b->second.refresh =
                        Simulator::Schedule(m_queryTimeout, &VPlane::Refresh, this, key);
                }
            }
            return; // a late answer
        }
        VnetFlowKey key = it->second;
        if (h.GetType() == OwnerMessageHeader::REPLY)
        {
            Resolved(key, h.GetOwner());
        }
        else if (h.GetCode() == OwnerMessageHeader::NO_ASSOCIATION)
        {
            Unresolved(key);
        }
        // NOT_HELPER: the retransmission timer asks again, under the map we
        // will have by then.
        break;
    }
    case OwnerMessageHeader::NOTIFY: {
        // Only a vPlane in helper service (under our map) tells owners.
        const auto& helpers = m_map.GetVplanes();
        if (!std::binary_search(helpers.begin(), helpers.end(), from))
        {
            Drop(Create<Packet>(), DropReason::MISDIRECTED);
            return;
        }
        m_cache->Insert(h.GetKey(), h.GetOwner());
        break;
    }
    case OwnerMessageHeader::REGISTER:
    case OwnerMessageHeader::WITHDRAW:
        HandleRegistration(h, from);
        break;
    case OwnerMessageHeader::ACK:
        m_control->Acknowledge(h.GetTransaction());
        m_regTx.erase(h.GetTransaction());
        break;
    }
}

void
VPlane::HandleRegistration(const OwnerMessageHeader& h, Ipv4Address from)
{
    m_helperLoad++;
    OwnerMessageHeader a = Message(OwnerMessageHeader::ACK, h.GetKey());
    a.SetTransaction(h.GetTransaction());
    a.SetCode(h.GetType());
    if (h.GetType() == OwnerMessageHeader::REGISTER && !IsMySubset(h.GetKey()))
    {
        a.SetType(OwnerMessageHeader::NACK);
        a.SetCode(OwnerMessageHeader::NOT_HELPER);
    }
    else if (h.GetType() == OwnerMessageHeader::REGISTER)
    {
        m_assoc->HandleRegister(h);
    }
    else
    {
        m_assoc->HandleWithdraw(h);
    }
    if (from != m_locator)
    {
        m_control->Send(a, from);
    }
}

Ipv4Address
VPlane::RegistrationTarget(const VnetFlowKey& key, bool& known) const
{
    return HelperOf(key, known);
}

void
VPlane::SnatCreated(const FlowKey& /* original */, const FlowKey& translated)
{
    // The return of this binding (X -> public) resolves nowhere: its helper
    // must know us. Registered as the translated outbound tuple (VNet 0).
    Register(VnetFlowKey(0, translated));
}

void
VPlane::SnatExpired(const FlowKey& /* original */, const FlowKey& translated)
{
    Withdraw(VnetFlowKey(0, translated));
}

void
VPlane::DnatCreated(const FlowKey& original, const FlowKey& /* translated */)
{
    // Later packets of the inbound flow (X -> public:port) resolve nowhere either.
    Register(VnetFlowKey(0, original));
}

void
VPlane::DnatExpired(const FlowKey& original, const FlowKey& /* translated */)
{
    Withdraw(VnetFlowKey(0, original));
}

void
VPlane::Register(const VnetFlowKey& key)
{
    if (!m_registration || m_mode == OwnerMode::SOURCE_OWNER)
    {
        return;
    }
    Binding& b = m_bindings[key];
    Simulator::Cancel(b.refresh);
    if (b.txid != 0)
    {
        // A newer REGISTER supersedes one still waiting for its ACK.
        m_control->Acknowledge(b.txid);
        m_regTx.erase(b.txid);
    }
    bool known = false;
    Ipv4Address helper = RegistrationTarget(key, known);
    if (known)
    {
        b.helper = helper;
        OwnerMessageHeader r = Message(OwnerMessageHeader::REGISTER, key);
        b.txid = m_control->NextTransaction();
        r.SetTransaction(b.txid);
        r.SetOwner(m_locator);
        r.SetLifetimeMs(static_cast<uint32_t>(m_lifetime.GetMilliSeconds()));
        m_registrations++;
        if (helper == m_locator)
        {
            HandleRegistration(r, m_locator);
        }
        else
        {
            m_regTx[b.txid] = key;
            m_control->SendReliable(r, helper);
        }
    }
    b.refresh = Simulator::Schedule(m_lifetime / 3, &VPlane::Refresh, this, key);
}

void
VPlane::Refresh(VnetFlowKey key)
{
    if (m_bindings.count(key) != 0)
    {
        Register(key);
    }
}

void
VPlane::Withdraw(const VnetFlowKey& key)
{
    auto it = m_bindings.find(key);
    if (it == m_bindings.end())
    {
        return;
    }
    Simulator::Cancel(it->second.refresh);
    m_control->Acknowledge(it->second.txid);
    m_regTx.erase(it->second.txid);
    OwnerMessageHeader w = Message(OwnerMessageHeader::WITHDRAW, key);
    w.SetTransaction(m_control->NextTransaction());
    w.SetOwner(m_locator);
    Ipv4Address helper = it->second.helper;
    m_bindings.erase(it);
    if (helper == m_locator)
    {
        HandleRegistration(w, m_locator);
    }
    else if (helper != Ipv4Address())
    {
        m_control->SendReliable(w, helper);
    }
}

} // namespace sfc
} // namespace ns3

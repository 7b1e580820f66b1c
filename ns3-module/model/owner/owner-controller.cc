/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-controller.h"

#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcOwnerController");
NS_OBJECT_ENSURE_REGISTERED(OwnerController);

TypeId
OwnerController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::OwnerController")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<OwnerController>()
            .AddAttribute("ControlDelay",
                          "Delay before a subset map is sent to a vPlane, in seconds, drawn per "
                          "vPlane and map (each vPlane learns a change at its own time).",
                          StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                          MakePointerAccessor(&OwnerController::m_delay),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Control",
                          "The control endpoint (Port, RetransmitTimeout, LossProbability).",
                          PointerValue(),
                          MakePointerAccessor(&OwnerController::m_control),
                          MakePointerChecker<OwnerControlEndpoint>());
    return tid;
}

OwnerController::OwnerController()
    : m_assigner(CreateObject<SubsetAssigner>()),
      m_table(CreateObject<TranslationTable>()),
      m_db(CreateObject<AssociationService>()),
      m_control(CreateObject<OwnerControlEndpoint>()),
      m_running(false),
      m_mapsQueued(0),
      m_dbLoad(0)
{
    m_db->SetTranslationTable(m_table);
    m_assigner->TraceConnectWithoutContext("MapChanged",
                                           MakeCallback(&OwnerController::MapChanged, this));
}

OwnerController::~OwnerController() = default;

void
OwnerController::DoDispose()
{
    m_delay = nullptr;
    m_assigner = nullptr;
    m_table = nullptr;
    m_db = nullptr;
    m_control = nullptr;
    Application::DoDispose();
}

void
OwnerController::SetAddress(Ipv4Address address)
{
    m_address = address;
}

Ipv4Address
OwnerController::GetAddress() const
{
    return m_address;
}

void
OwnerController::AddVplane(Ipv4Address vplane, bool helper)
{
    m_vplanes.push_back(vplane);
    if (helper)
    {
        m_assigner->Join(vplane);
    }
}

void
OwnerController::ScheduleJoin(Time at, Ipv4Address vplane)
{
    Simulator::Schedule(at, &OwnerController::Join, this, vplane);
}

void
OwnerController::ScheduleLeave(Time at, Ipv4Address vplane)
{
    Simulator::Schedule(at, &OwnerController::Leave, this, vplane);
}

void
OwnerController::Join(Ipv4Address vplane)
{
    NS_LOG_INFO("t=" << Simulator::Now().As(Time::S) << " " << vplane << " joins");
    m_assigner->Join(vplane);
}

void
OwnerController::Leave(Ipv4Address vplane)
{
    NS_LOG_INFO("t=" << Simulator::Now().As(Time::S) << " " << vplane << " leaves");
    m_assigner->Leave(vplane);
}

Ptr<SubsetAssigner>
OwnerController::GetAssigner() const
{
    return m_assigner;
}

Ptr<TranslationTable>
OwnerController::GetTranslationTable() const
{
    return m_table;
}

Ptr<AssociationService>
OwnerController::GetDatabase() const
{
    return m_db;
}

Ptr<OwnerControlEndpoint>
OwnerController::GetControl() const
{
    return m_control;
}

uint64_t
OwnerController::GetMapsSent() const
{
    return m_control->GetSent(SubsetMapHeader::kType);
}

uint64_t
OwnerController::GetDatabaseLoad() const
{
    return m_dbLoad;
}

int64_t
OwnerController::AssignStreams(int64_t stream)
{
    m_delay->SetStream(stream);
    return 1 + m_control->AssignStreams(stream + 1);
}

void
OwnerController::StartApplication()
{
    m_control->Open(GetNode(),
                    m_address,
                    MakeCallback(&OwnerController::HandleMessage, this),
                    MakeCallback(&OwnerController::HandleMap, this));
    m_running = true;
}

void
OwnerController::StopApplication()
{
    m_running = false;
    m_control->Close();
}

void
OwnerController::MapChanged(const SubsetMap& /* before */, const SubsetMap& after)
{
    if (!m_running)
    {
        return; // the initial map is configuration, installed by the helper
    }
    for (const auto& v : m_vplanes)
    {
        // A newer map supersedes the one still being retransmitted.
        auto old = m_mapTx.find(v);
        if (old != m_mapTx.end())
        {
            m_control->Acknowledge(old->second);
        }
        SubsetMapHeader h;
        h.SetTransaction(m_control->NextTransaction());
        h.SetMap(after);
        m_mapTx[v] = h.GetTransaction();
        m_mapsQueued++;
        m_control->SendMapReliable(h, v, Seconds(m_delay->GetValue()));
    }
}

void
OwnerController::HandleMap(const SubsetMapHeader& /* h */, Ipv4Address /* from */)
{
    // Maps flow from the controller only.
}

void
OwnerController::HandleMessage(const OwnerMessageHeader& h, Ipv4Address from)
{
    if (!m_running)
    {
        return;
    }
    OwnerMessageHeader a;
    a.SetTransaction(h.GetTransaction());
    a.SetKey(h.GetKey());
    a.SetEpoch(m_assigner->GetMap().GetEpoch());
    switch (h.GetType())
    {
    case OwnerMessageHeader::ACK:
        m_control->Acknowledge(h.GetTransaction());
        return;
    case OwnerMessageHeader::QUERY: {
        m_dbLoad++;
        Ipv4Address owner;
        Association::Origin origin;
        if (m_db->Answer(h.GetKey(), owner, origin))
        {
            a.SetType(OwnerMessageHeader::REPLY);
            a.SetOwner(owner);
        }
        else
        {
            a.SetType(OwnerMessageHeader::NACK);
            a.SetCode(OwnerMessageHeader::NO_ASSOCIATION);
        }
        break;
    }
    case OwnerMessageHeader::REGISTER:
        m_dbLoad++;
        m_db->HandleRegister(h);
        a.SetType(OwnerMessageHeader::ACK);
        a.SetCode(OwnerMessageHeader::REGISTER);
        break;
    case OwnerMessageHeader::WITHDRAW:
        m_dbLoad++;
        m_db->HandleWithdraw(h);
        a.SetType(OwnerMessageHeader::ACK);
        a.SetCode(OwnerMessageHeader::WITHDRAW);
        break;
    default:
        return; // REPLY, NACK, NOTIFY are not for the controller
    }
    m_control->Send(a, from);
}

} // namespace sfc
} // namespace ns3

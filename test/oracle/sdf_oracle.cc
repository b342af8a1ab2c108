// The reference for navstack's SDF loader: what Gazebo's own libraries make of a world. libsdformat12
// (the SDF parser of Gazebo Fortress) reads the world and resolves every collision's and visual's pose in
// the world frame; ignition-common4's MeshManager (Gazebo's mesh loaders) reads the mesh files. Prints one
// JSON object: the shapes, each with its geometry and world pose, and for meshes the world-frame triangles
// (<scale> and <submesh> applied as gz-sim applies them) in a binary file of float64s.
//
// Usage: sdf_oracle WORLD TRIANGLES_OUT [RESOURCE_PATH...]
//   Environment: FUEL_CACHE, a Gazebo Fuel cache folder for https://fuel.gazebosim.org URIs.
// Built and run by test/oracle/oracle.ts.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <ignition/common/Mesh.hh>
#include <ignition/common/MeshManager.hh>
#include <ignition/common/SubMesh.hh>
#include <ignition/math/Pose3.hh>
#include <sdf/sdf.hh>

namespace fs = std::filesystem;
using ignition::math::Pose3d;
using ignition::math::Vector3d;

static std::vector<std::string> gPaths;
static std::string gFuelCache;

static std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

static std::string urlDecode(const std::string &s)
{
  std::string out;
  for (size_t i = 0; i < s.size(); ++i)
  {
    if (s[i] == '%' && i + 2 < s.size())
    {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
    else
      out += s[i];
  }
  return out;
}

/// An entry of dir whose name matches ignoring case, as Fuel compares names.
static std::string entryIgnoringCase(const fs::path &dir, const std::string &name)
{
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "";
  for (const auto &e : fs::directory_iterator(dir, ec))
    if (lower(e.path().filename().string()) == lower(name)) return e.path().string();
  return "";
}

/// A Fuel URI (model, or a file inside it) in the Fuel cache: CACHE/SERVER/owner/models/name/VERSION.
static std::string fuelFind(const std::string &uri)
{
  static const std::regex re(R"(^https?://([^/]+)/(?:1\.0/)?([^/]+)/models/([^/]+)(?:/(\d+|tip))?(?:/files/(.+?))?/?$)",
                             std::regex::icase);
  std::smatch m;
  std::string u = uri;
  u.erase(0, u.find_first_not_of(" \t\n\r"));
  u.erase(u.find_last_not_of(" \t\n\r") + 1);
  if (!std::regex_match(u, m, re) || gFuelCache.empty()) return "";
  std::string owner = entryIgnoringCase(fs::path(gFuelCache) / lower(m[1].str()), urlDecode(m[2].str()));
  if (owner.empty()) return "";
  std::string model = entryIgnoringCase(fs::path(owner) / "models", urlDecode(m[3].str()));
  if (model.empty()) return "";
  int best = -1;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(model, ec))
  {
    const std::string v = e.path().filename().string();
    if (!std::all_of(v.begin(), v.end(), ::isdigit) || !fs::exists(e.path() / "model.config")) continue;
    const int n = std::stoi(v);
    if (m[4].matched && m[4].str() != "tip" && n != std::stoi(m[4].str())) continue;
    best = std::max(best, n);
  }
  if (best < 0) return "";
  fs::path dir = fs::path(model) / std::to_string(best);
  return m[5].matched ? (dir / urlDecode(m[5].str())).string() : dir.string();
}

/// A mesh URI as gz-sim resolves it: model:// on the resource paths, Fuel in the cache, else a path
/// relative to the SDF file that names it (then to the resource paths).
static std::string meshFind(const std::string &uri, const std::string &sdfFile)
{
  if (uri.rfind("model://", 0) == 0)
  {
    for (const auto &p : gPaths)
    {
      fs::path f = fs::path(p) / uri.substr(8);
      if (fs::exists(f)) return f.string();
    }
    return "";
  }
  if (uri.rfind("http", 0) == 0) return fuelFind(uri);
  std::string local = uri.rfind("file://", 0) == 0 ? uri.substr(7) : uri;
  if (fs::path(local).is_absolute()) return fs::exists(local) ? local : "";
  fs::path beside = fs::path(sdfFile).parent_path() / local;
  if (fs::exists(beside)) return beside.string();
  for (const auto &p : gPaths)
    if (fs::exists(fs::path(p) / local)) return (fs::path(p) / local).string();
  return "";
}

static std::string quote(const std::string &s)
{
  std::ostringstream o;
  o << '"';
  for (char c : s)
  {
    if (c == '"' || c == '\\') o << '\\' << c;
    else if (c == '\n') o << "\\n";
    else o << c;
  }
  o << '"';
  return o.str();
}

static std::ofstream gTriangles;
static uint64_t gTriangleCount = 0;

/// Writes the world-frame triangles of a mesh (scaled, optionally one centred submesh); returns the JSON
/// of where they are: "triangles":[first, count].
static std::string writeTriangles(const ignition::common::Mesh *m, const Vector3d &scale, const std::string &submesh, bool center,
                                  const Pose3d &pose)
{
  const uint64_t first = gTriangleCount;
  for (unsigned int s = 0; s < m->SubMeshCount(); ++s)
  {
    auto sub = m->SubMeshByIndex(s).lock();
    if (!sub || sub->SubMeshPrimitiveType() != ignition::common::SubMesh::TRIANGLES) continue;
    if (!submesh.empty() && sub->Name() != submesh) continue;
    ignition::common::SubMesh copy(*sub);
    if (!submesh.empty() && center) copy.Center(Vector3d::Zero);
    for (unsigned int i = 0; i + 2 < copy.IndexCount(); i += 3)
    {
      for (int k = 0; k < 3; ++k)
      {
        Vector3d v = copy.Vertex(copy.Index(i + k));
        v = pose.Pos() + pose.Rot() * Vector3d(v.X() * scale.X(), v.Y() * scale.Y(), v.Z() * scale.Z());
        const double xyz[3] = {v.X(), v.Y(), v.Z()};
        gTriangles.write(reinterpret_cast<const char *>(xyz), sizeof(xyz));
      }
      ++gTriangleCount;
    }
  }
  return "\"triangles\":[" + std::to_string(first) + "," + std::to_string(gTriangleCount - first) + "]";
}

/// A mesh geometry's file (found as gz-sim finds it), read by Gazebo's MeshManager.
static std::string meshTriangles(const sdf::Mesh &mesh, const Pose3d &pose)
{
  const std::string file = meshFind(mesh.Uri(), mesh.FilePath());
  if (file.empty()) return "\"missing\":" + quote("not found: " + mesh.Uri());
  const ignition::common::Mesh *m = ignition::common::MeshManager::Instance()->Load(file);
  if (!m) return "\"missing\":" + quote("MeshManager could not load " + file);
  return "\"file\":" + quote(file) + "," + writeTriangles(m, mesh.Scale(), mesh.Submesh(), mesh.CenterSubmesh(), pose);
}

/// A <cone> (SDF 1.11, which libsdformat12 keeps as an unknown element) as gz-rendering draws it: the
/// MeshManager's cone of 32 segments.
static std::string coneTriangles(const sdf::ElementPtr &cone, const Pose3d &pose)
{
  const double radius = cone->Get<double>("radius"), length = cone->Get<double>("length");
  auto *mgr = ignition::common::MeshManager::Instance();
  const std::string name = "oracle_cone_" + std::to_string(radius) + "_" + std::to_string(length);
  mgr->CreateCone(name, radius, length, 5, 32);
  return "\"radius\":" + std::to_string(radius) + ",\"length\":" + std::to_string(length) + "," +
         writeTriangles(mgr->MeshByName(name), Vector3d::One, "", false, pose);
}

static std::string vec(const Vector3d &v)
{
  std::ostringstream o;
  o.precision(17);
  o << '[' << v.X() << ',' << v.Y() << ',' << v.Z() << ']';
  return o.str();
}

static std::string geometryJson(const sdf::Geometry &g, const Pose3d &pose)
{
  std::ostringstream o;
  o.precision(17);
  switch (g.Type())
  {
    case sdf::GeometryType::BOX:
      o << "{\"type\":\"box\",\"size\":" << vec(g.BoxShape()->Size()) << '}';
      break;
    case sdf::GeometryType::CYLINDER:
      o << "{\"type\":\"cylinder\",\"radius\":" << g.CylinderShape()->Radius() << ",\"length\":" << g.CylinderShape()->Length() << '}';
      break;
    case sdf::GeometryType::SPHERE:
      o << "{\"type\":\"sphere\",\"radius\":" << g.SphereShape()->Radius() << '}';
      break;
    case sdf::GeometryType::PLANE:
      o << "{\"type\":\"plane\",\"normal\":" << vec(g.PlaneShape()->Normal()) << ",\"size\":[" << g.PlaneShape()->Size().X() << ','
        << g.PlaneShape()->Size().Y() << "]}";
      break;
    case sdf::GeometryType::CAPSULE:
      o << "{\"type\":\"capsule\",\"radius\":" << g.CapsuleShape()->Radius() << ",\"length\":" << g.CapsuleShape()->Length() << '}';
      break;
    case sdf::GeometryType::ELLIPSOID:
      o << "{\"type\":\"ellipsoid\",\"radii\":" << vec(g.EllipsoidShape()->Radii()) << '}';
      break;
    case sdf::GeometryType::MESH:
      o << "{\"type\":\"mesh\",\"uri\":" << quote(g.MeshShape()->Uri()) << ",\"scale\":" << vec(g.MeshShape()->Scale()) << ','
        << meshTriangles(*g.MeshShape(), pose) << '}';
      break;
    case sdf::GeometryType::HEIGHTMAP:
      o << "{\"type\":\"heightmap\"}";
      break;
    default:
    {
      // libsdformat12 has no Polyline class: read the element (every <polyline> of the <geometry>)
      sdf::ElementPtr el = g.Element();
      if (el && el->HasElement("polyline"))
      {
        o << "{\"type\":\"polyline\",\"polylines\":[";
        bool firstPoly = true;
        for (sdf::ElementPtr p = el->GetElement("polyline"); p; p = p->GetNextElement("polyline"))
        {
          o << (firstPoly ? "" : ",") << "{\"height\":" << p->Get<double>("height") << ",\"points\":[";
          bool firstPt = true;
          for (sdf::ElementPtr pt = p->GetElement("point"); pt; pt = pt->GetNextElement("point"))
          {
            const auto v = pt->Get<ignition::math::Vector2d>();
            o << (firstPt ? "" : ",") << '[' << v.X() << ',' << v.Y() << ']';
            firstPt = false;
          }
          o << "]}";
          firstPoly = false;
        }
        o << "]}";
      }
      else
      {
        // an element this libsdformat does not know (e.g. <cone>, SDF 1.11): copied as is, named here
        sdf::ElementPtr first = el ? el->GetFirstElement() : nullptr;
        const std::string name = first ? first->GetName() : "";
        o << "{\"type\":\"other\",\"element\":" << quote(name);
        if (name == "cone") o << ',' << coneTriangles(first, pose);
        o << '}';
      }
    }
  }
  return o.str();
}

static std::string poseJson(const Pose3d &p)
{
  std::ostringstream o;
  o.precision(17);
  o << '[' << p.Pos().X() << ',' << p.Pos().Y() << ',' << p.Pos().Z() << ',' << p.Rot().X() << ',' << p.Rot().Y() << ','
    << p.Rot().Z() << ',' << p.Rot().W() << ']';
  return o.str();
}

static bool gFirstShape = true;

/// A collision or visual: its pose in its model's frame (libsdformat's graphs are scoped to the model),
/// then in the world through the model's world pose.
template <typename T>
static void emit(const char *kind, const std::string &model, const std::string &link, const T &shape, bool isStatic, const Pose3d &modelPose)
{
  Pose3d inModel;
  sdf::Errors errors = shape.SemanticPose().Resolve(inModel, "__model__");
  const Pose3d pose = modelPose * inModel;
  std::cout << (gFirstShape ? "" : ",\n") << "{\"kind\":\"" << kind << "\",\"model\":" << quote(model) << ",\"link\":" << quote(link)
            << ",\"name\":" << quote(shape.Name()) << ",\"static\":" << (isStatic ? "true" : "false");
  if (!errors.empty())
    std::cout << ",\"error\":" << quote(errors[0].Message());
  else
    std::cout << ",\"pose\":" << poseJson(pose) << ",\"geometry\":" << geometryJson(*shape.Geom(), pose);
  std::cout << '}';
  gFirstShape = false;
}

/// A model whose frame is at modelPose in the world: its shapes, then its nested models (posed in its frame).
static void walk(const sdf::Model &m, const std::string &prefix, bool parentStatic, const Pose3d &modelPose)
{
  const std::string name = prefix.empty() ? m.Name() : prefix + "::" + m.Name();
  const bool isStatic = parentStatic || m.Static();
  for (uint64_t l = 0; l < m.LinkCount(); ++l)
  {
    const sdf::Link *link = m.LinkByIndex(l);
    for (uint64_t c = 0; c < link->CollisionCount(); ++c) emit("collision", name, link->Name(), *link->CollisionByIndex(c), isStatic, modelPose);
    for (uint64_t v = 0; v < link->VisualCount(); ++v) emit("visual", name, link->Name(), *link->VisualByIndex(v), isStatic, modelPose);
  }
  for (uint64_t n = 0; n < m.ModelCount(); ++n)
  {
    const sdf::Model *nested = m.ModelByIndex(n);
    Pose3d inParent;
    sdf::Errors errors = nested->SemanticPose().Resolve(inParent, "__model__");
    if (!errors.empty()) std::cerr << "nested model " << nested->Name() << ": " << errors[0].Message() << "\n";
    walk(*nested, name, isStatic, modelPose * inParent);
  }
}

int main(int argc, char **argv)
{
  if (argc < 3)
  {
    std::cerr << "usage: sdf_oracle WORLD TRIANGLES_OUT [RESOURCE_PATH...]\n";
    return 2;
  }
  for (int i = 3; i < argc; ++i) gPaths.push_back(argv[i]);
  if (const char *c = std::getenv("FUEL_CACHE")) gFuelCache = c;
  gTriangles.open(argv[2], std::ios::binary);

  sdf::ParserConfig config;
  for (const auto &p : gPaths) config.AddURIPath("model://", p);
  config.SetFindCallback([](const std::string &uri) { return fuelFind(uri); });

  sdf::Root root;
  sdf::Errors errors = root.Load(argv[1], config);
  std::cout << "{\"errors\":[";
  for (size_t i = 0; i < errors.size(); ++i) std::cout << (i ? "," : "") << quote(errors[i].Message());
  std::cout << "],\"shapes\":[\n";
  if (root.WorldCount() > 0)
  {
    const sdf::World *w = root.WorldByIndex(0);
    for (uint64_t i = 0; i < w->ModelCount(); ++i)
    {
      const sdf::Model *m = w->ModelByIndex(i);
      Pose3d pose;
      sdf::Errors errors = m->SemanticPose().Resolve(pose, "world");
      if (!errors.empty()) std::cerr << "model " << m->Name() << ": " << errors[0].Message() << "\n";
      walk(*m, "", false, pose);
    }
  }
  std::cout << "\n]}\n";
  return 0;
}

#!/usr/bin/env bash
# Check the wscript (the module's build for waf-based ns-3) with real waf.
#
# No waf-based ns-3 source tree can be fetched here (Debian's last waf-based
# ns3 source, bullseye's 3.31, is not served; every waf release is <= 3.35,
# older than the 3.36 API the module uses), so this runs the wscript under a
# small harness instead:
#  - waf itself is real: waf 2.0.14, unpacked in Debian's aubio source package
#    (only its Python 3.11 'rU' file mode is patched in the copy);
#  - the harness provides what ns-3's own top-level/src/contrib wscripts give
#    a contrib module (create_ns3_module with NS3_MODULE_COMPILATION and '#'
#    includes, create_ns3_module_test_library, the ns3header feature copying
#    headers flat into build/ns3, the <module>-module.h aggregator,
#    create_ns3_program, MODULES_NOT_BUILT, a test-runner), written after
#    ns-3 3.3x's wscripts;
#  - the ns-3 modules the module depends on are the installed Debian ns-3
#    3.37 libraries (libns3-<m>.so), not built by waf.
# So it checks: wscript's configure checks (Boost.Graph, nlohmann_json,
# libcrypto, ns-3 version gate), its reading of cmake/sfc-sources.cmake, and
# that the module, its TestSuites and the scenarios compile, link and pass
# when built the way waf-based ns-3 builds a contrib module. It does not run
# ns-3's real waf framework (--enable-modules resolution, test.py, ./waf --run).
#
#   ./scripts/check-wscript.sh          (a few minutes; not run by CI)
#
# Environment: WORK=<dir> (default: new /tmp/sfc-waf.XXXXXX), JOBS=2, KEEP=1.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
JOBS="${JOBS:-2}"
KEEP="${KEEP:-0}"
WORK="${WORK:-$(mktemp -d /tmp/sfc-waf.XXXXXX)}"
PY=/usr/bin/python3
log() { echo "check-wscript: $*"; }
fail() {
  log "FAILED: $* (work directory kept: $WORK)"
  exit 1
}

"$REPO/scripts/install-deps.sh"

# ---- waf from Debian's aubio source package --------------------------------
"$REPO/scripts/debian-source.sh" aubio "$WORK/src" > /dev/null || fail "apt-get source aubio"
H="$WORK/harness"
mkdir -p "$H/contrib"
tar -xf "$WORK"/src/aubio_*.orig.tar.* -C "$WORK/src" --wildcards '*/waf' '*/waflib/*'
cp "$WORK"/src/aubio-*/waf "$H/"
cp -r "$WORK"/src/aubio-*/waflib "$H/"
sed -i "s/'rU'/'r'/" "$H/waflib/Context.py" "$H/waflib/ConfigSet.py"
log "waf $($PY "$H/waf" --version | awk '{print $2}')"

ln -sfn "$REPO" "$H/contrib/sfc"
echo 3.37 > "$H/VERSION"
cat > "$H/test-runner.cc" <<'EOF'
#include "ns3/test.h"
int main(int argc, char* argv[]) { return ns3::TestRunner::Run(argc, argv); }
EOF
cat > "$H/wscript" <<'EOF'
# Harness: the parts of waf-based ns-3's build framework that a contrib module's
# wscript calls (create_ns3_module, create_ns3_module_test_library, ns3header,
# create_ns3_program, module header, test-runner), modelled on ns-3 3.3x's
# wscripts, with the ns-3 modules themselves taken from the installed Debian
# ns-3 (libns3-<module>.so, /usr/include/ns3) instead of being built.
import os, types
from waflib import TaskGen, Task, Context, Options

top = '.'
out = 'build'
NS3_VERSION = open('VERSION').read().strip()

def options(opt):
    opt.load('compiler_cxx')
    opt.add_option('--enable-examples', action='store_true', default=False, dest='enable_examples')
    opt.add_option('--enable-tests', action='store_true', default=False, dest='enable_tests')

def configure(conf):
    conf.load('compiler_cxx')
    conf.env.append_value('CXXFLAGS', ['-std=c++17', '-O1', '-Wall'])
    conf.env.append_value('DEFINES', ['NS3_LOG_ENABLE', 'NS3_ASSERT_ENABLE'])
    import subprocess
    libdir = '/usr/lib/' + subprocess.check_output(['gcc', '-print-multiarch'], text=True).strip()
    for f in sorted(os.listdir(libdir)):
        if f.startswith('libns3-') and f.endswith('.so'):
            m = f[len('libns3-'):-len('.so')]
            conf.env['LIB_ns3-' + m] = ['ns3-' + m]
    conf.env.ENABLE_EXAMPLES = Options.options.enable_examples
    conf.env.ENABLE_TESTS = Options.options.enable_tests
    conf.env.MODULES_NOT_BUILT = []
    conf.recurse('contrib/sfc')
    print('Modules not built: %s' % ' '.join(conf.env.MODULES_NOT_BUILT))

def create_ns3_module(bld, name, dependencies=(), test=False):
    module = bld(features='cxx cxxshlib ns3module')
    module.target = '%s/lib/ns%s-%s' % (bld.srcnode.path_from(bld.path), NS3_VERSION, name)
    module.name = 'ns3-' + name
    module.module_deps = list(dependencies)
    module.uselib = ''
    module.use = ['ns3-' + dep for dep in dependencies]
    module.env.append_value('DEFINES', ['NS3_MODULE_COMPILATION'])
    module.env.append_value('INCLUDES', '#')
    module.install_path = None
    return module

def create_ns3_module_test_library(bld, name):
    library = bld.create_ns3_module(name + '-test', [name], test=True)
    library.features += ' ns3testlib'
    bld.env.append_value('NS3_TEST_LIBRARIES', [library.name])
    return library

def create_ns3_program(bld, name, dependencies=('core',)):
    program = bld(features='cxx cxxprogram')
    program.name = name
    program.target = 'ns%s-%s' % (NS3_VERSION, name)
    program.use = ['ns3-' + dep for dep in dependencies]
    program.includes = '#'
    program.install_path = None
    return program

@TaskGen.feature('ns3module', 'ns3testlib')
def _ns3module(self):
    pass

class ns3header_copy(Task.Task):
    color = 'BLUE'
    before = ['cxx']
    def run(self):
        self.outputs[0].parent.mkdir()
        self.outputs[0].write(self.inputs[0].read('rb'), 'wb')

class ns3moduleheader_gen(Task.Task):
    color = 'BLUE'
    before = ['cxx']
    def run(self):
        lines = ['#ifdef NS3_MODULE_COMPILATION',
                 '# error "Do not include ns3 module aggregator headers from other modules"',
                 '#endif', '#ifndef NS3_MODULE_%s' % self.module.upper().replace('-', '_'),
                 '#define NS3_MODULE_%s' % self.module.upper().replace('-', '_')]
        lines += ['#include "%s"' % n.name for n in self.inputs]
        lines += ['#endif', '']
        self.outputs[0].parent.mkdir()
        self.outputs[0].write('\n'.join(lines))

@TaskGen.feature('ns3header')
@TaskGen.before_method('process_source')
def _ns3header(self):
    ns3_dir = self.bld.bldnode.make_node('ns3')
    outs = []
    for f in self.to_list(self.source):
        src = self.path.find_resource(f)
        if src is None:
            self.bld.fatal('ns3header: %s not found in %s' % (f, self.path))
        dst = ns3_dir.make_node(src.name)
        self.create_task('ns3header_copy', src, dst)
        outs.append(dst)
    gen = self.create_task('ns3moduleheader_gen', outs, ns3_dir.make_node('%s-module.h' % self.module))
    gen.module = self.module
    self.source = []

def build(bld):
    bld.create_ns3_module = types.MethodType(create_ns3_module, bld)
    bld.create_ns3_module_test_library = types.MethodType(create_ns3_module_test_library, bld)
    bld.create_ns3_program = types.MethodType(create_ns3_program, bld)
    if 'sfc' in bld.env.MODULES_NOT_BUILT:
        return
    bld.recurse('contrib/sfc')
    if bld.env.ENABLE_TESTS:
        bld(features='cxx cxxprogram', source='test-runner.cc', target='test-runner',
            use=list(bld.env.NS3_TEST_LIBRARIES) + ['ns3-core'], includes='#',
            linkflags=['-Wl,--no-as-needed'], install_path=None)
EOF

# ---- configure, build, run ------------------------------------------------------
cd "$H"
t=$(date +%s)
$PY ./waf configure --enable-examples --enable-tests > "$WORK/configure.log" 2>&1 \
  || { cat "$WORK/configure.log"; fail "waf configure"; }
cat "$WORK/configure.log"
grep -q "^Modules not built: *$" "$WORK/configure.log" || fail "sfc not configured"
nice -n 15 $PY ./waf build -j "$JOBS" > "$WORK/build.log" 2>&1 \
  || { tail -60 "$WORK/build.log"; fail "waf build"; }
log "configured and built in $(($(date +%s) - t)) s"

export LD_LIBRARY_PATH="$H/build/lib"
./build/test-runner --suite=sfc-stickiness --verbose || fail "test-runner --suite=sfc-stickiness"
results="$WORK/run.jsonl"
./build/contrib/sfc/ns3.37-sfc-stickiness --results="$results" || fail "sfc-stickiness"
$PY -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; assert len(r)==1 and r[0]["metrics"]["flows"]>0, r' \
  "$results" || fail "results file"

# ---- the version gate: a waf-based ns-3 release (<= 3.35) does not build sfc ----
echo 3.35 > VERSION
$PY ./waf configure --out="$WORK/build-3.35" > "$WORK/configure-3.35.log" 2>&1 \
  || { cat "$WORK/configure-3.35.log"; fail "waf configure (3.35)"; }
grep "sfc module" "$WORK/configure-3.35.log"
grep -q "^Modules not built: sfc" "$WORK/configure-3.35.log" || fail "3.35 not refused"
echo 3.37 > VERSION

log "OK"
if [ "$KEEP" = 1 ]; then
  log "work directory kept: $WORK"
else
  case "$WORK" in /tmp/sfc-waf.*) rm -rf "$WORK" ;; *) log "work directory kept: $WORK" ;; esac
fi

# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# ns-3 SFC as a contrib module of a waf-based ns-3 source tree
# (copy or link this folder to <ns-3>/contrib/sfc, then
#  ./waf configure --enable-examples --enable-tests && ./waf build).
#
# The file lists are not repeated here: they are read from
# cmake/sfc-sources.cmake, the one list that CMakeLists.txt also reads.
#
# The module's C++ uses ns-3 >= 3.36 API (events and Callbacks made from
# lambdas, variadic Callback::Bind). Every waf-based ns-3 release is <= 3.35,
# so on a release tree configure reports the module as not built, with the
# reason, instead of failing to compile; a development tree (VERSION "3-dev")
# is tried.

import os
import re

SFC_MIN_NS3 = (3, 36)

# Third-party libraries, as waf "uselib" names set by configure() below
SFC_USELIB = ['SFC_BOOST', 'SFC_NLOHMANN_JSON', 'SFC_CRYPTO', 'SFC_NS3_VERSION']


def sfc_read_lists(path):
    """Return {NAME: [items]} for every set(NAME item...) in a CMake file.

    Only the plain form used by cmake/sfc-sources.cmake is accepted: bare
    words separated by white space, '#' comments. Anything else (variable
    references, quotes, generator expressions) raises ValueError, so that a
    change to the file that this reader would misread stops the build instead
    of silently dropping files.
    """
    with open(path) as f:
        text = f.read()
    # Drop comments (the file has no quoted strings, checked below).
    text = re.sub(r'#[^\n]*', '', text)
    lists = {}
    pos = 0
    for m in re.finditer(r'\bset\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)([^()]*)\)', text):
        between = text[pos:m.start()].strip()
        if between:
            raise ValueError('%s: unsupported CMake text: %r' % (path, between[:60]))
        pos = m.end()
        name, body = m.group(1), m.group(2)
        items = body.split()
        for item in items:
            if not re.match(r'^[A-Za-z0-9_./+-]+$', item):
                raise ValueError('%s: unsupported item %r in set(%s ...)' % (path, item, name))
        if name in lists:
            raise ValueError('%s: %s is set twice' % (path, name))
        lists[name] = items
    if text[pos:].strip():
        raise ValueError('%s: unsupported CMake text: %r' % (path, text[pos:].strip()[:60]))
    for required in ('SFC_MODEL_SOURCES', 'SFC_MODEL_HEADERS', 'SFC_HELPER_SOURCES',
                     'SFC_HELPER_HEADERS', 'SFC_SCENARIO_SOURCES', 'SFC_SCENARIO_HEADERS',
                     'SFC_SYSTEM_TEST_SOURCES', 'SFC_SCENARIOS',
                     'SFC_NS3_MODULES'):
        if required not in lists:
            raise ValueError('%s: %s is missing' % (path, required))
    return lists


def sfc_lists(ctx):
    return sfc_read_lists(ctx.path.find_node('cmake/sfc-sources.cmake').abspath())


def sfc_ns3_version(ctx):
    """(major, minor) of the ns-3 tree from its VERSION file; None for ns-3-dev or unknown."""
    node = ctx.srcnode.find_node('VERSION')
    if node is None:
        return None
    m = re.match(r'^\s*(\d+)\.(\d+)', node.read())
    return (int(m.group(1)), int(m.group(2))) if m else None


def options(opt):
    pass


def configure(conf):
    sfc_lists(conf)  # fail early if the list file cannot be read
    missing = []
    version = sfc_ns3_version(conf)
    if version is not None and version < SFC_MIN_NS3:
        missing.append('ns-3 >= %d.%d (this tree is %d.%d)' % (SFC_MIN_NS3 + version))
    else:
        if not conf.check_cxx(header_name='boost/graph/adjacency_list.hpp',
                              uselib_store='SFC_BOOST', global_define=False, mandatory=False,
                              msg='Checking for Boost.Graph headers (sfc)'):
            missing.append('Boost.Graph (Debian: libboost-graph-dev)')
        if not conf.check_cfg(package='nlohmann_json', uselib_store='SFC_NLOHMANN_JSON',
                              args=['--cflags'], global_define=False, mandatory=False,
                              msg='Checking for nlohmann_json (sfc)'):
            missing.append('nlohmann-json (Debian: nlohmann-json3-dev)')
        if not conf.check_cfg(package='libcrypto', uselib_store='SFC_CRYPTO',
                              args=['--cflags', '--libs'], global_define=False,
                              mandatory=False,
                              msg='Checking for OpenSSL libcrypto (sfc)'):
            missing.append('OpenSSL libcrypto (Debian: libssl-dev)')
    # The ns-3 version for sfc-ns3-compat.h (a development tree: the oldest
    # API the module supports); waf's netanim is always built.
    major, minor = version if version is not None else SFC_MIN_NS3
    conf.env.append_value('DEFINES_SFC_NS3_VERSION', ['SFC_NS3_VERSION_MAJOR=%d' % major,
                                                      'SFC_NS3_VERSION_MINOR=%d' % minor,
                                                      'SFC_HAVE_NETANIM'])
    report = getattr(conf, 'report_optional_feature', None)
    if report is not None:
        report('sfc', 'ns-3 SFC module', not missing, 'needs ' + ', '.join(missing))
    if missing:
        conf.env.append_value('MODULES_NOT_BUILT', 'sfc')
        conf.msg('sfc module', 'not built: needs ' + ', '.join(missing), color='YELLOW')


def build(bld):
    lists = sfc_lists(bld)

    module = bld.create_ns3_module('sfc', lists['SFC_NS3_MODULES'])
    module.source = (lists['SFC_MODEL_SOURCES'] + lists['SFC_HELPER_SOURCES'] +
                     lists['SFC_SCENARIO_SOURCES'])
    # The test library and the programs use 'ns3-sfc', and waf passes them
    # these uselib names too. (Do not extend program.use: in some ns-3
    # releases it is the very list ns-3 reads as the program's ns-3 module
    # dependencies.)
    module.use.extend(SFC_USELIB)

    # ns-3 TestSuites: linked into ns-3's test-runner, run by test.py
    module_test = bld.create_ns3_module_test_library('sfc')
    module_test.source = lists['SFC_SYSTEM_TEST_SOURCES']

    headers = bld(features='ns3header')
    headers.module = 'sfc'
    headers.source = (lists['SFC_MODEL_HEADERS'] + lists['SFC_HELPER_HEADERS'] +
                      lists['SFC_SCENARIO_HEADERS'])

    # Scenario programs, built like a module's examples: ./waf --run sfc-stickiness
    if bld.env['ENABLE_EXAMPLES']:
        for name in lists['SFC_SCENARIOS']:
            program = bld.create_ns3_program(name, ['sfc'] + lists['SFC_NS3_MODULES'])
            program.source = 'scenarios/%s.cc' % name

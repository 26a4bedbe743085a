// linux/capabilities (Mesos 1.2+, here past 0.21): the task's effective and
// bounding capability sets, from ContainerInfo.linux_info or the
// containerizer's flags, and no_new_privs. It returns data; the init stub
// applies it in the task right before exec (caps.c says how).
//
// As in Mesos: a container's effective set defaults to the flag's; its
// bounding set to the flag's, else to its effective set; a container's sets
// may not go beyond the flag's bounding set; no flags and no linux_info
// leave the user's default capabilities.
import { readFileSync } from 'node:fs';

import { InvalidInputError } from '../../errors.js';
import { CAPABILITY_NUMBERS, capabilityNumbers } from '../../mesos/capabilities.js';
import type { LinuxInfo } from '../../mesos/container-info.js';
import type { Isolator } from '../isolator.js';
import type { CapabilitySets } from '../launch-info.js';

export interface CapabilitySettings {
  effectiveCapabilities?: string[];
  boundingCapabilities?: string[];
  /** linux_info of --default_container_info: for containers launched without a ContainerInfo. */
  defaultLinuxInfo?: LinuxInfo;
}

/** What the container runs with, kept in its state (status, enter). */
export interface CapabilitiesState {
  effective?: string[];
  bounding?: string[];
  no_new_privs: boolean;
}

const list = (names: readonly string[]): string => names.join(', ') || 'none';
const outside = (names: readonly string[], allowed: readonly string[]): string[] => names.filter((n) => !allowed.includes(n));

function invalid(message: string): InvalidInputError {
  return new InvalidInputError('INVALID_CAPABILITIES', message);
}

/** Flag checks, at start-up: Mesos refuses an effective flag beyond the bounding flag. */
export function checkCapabilityFlags(settings: CapabilitySettings): void {
  const { effectiveCapabilities: effective, boundingCapabilities: bounding } = settings;
  if (effective && bounding && outside(effective, bounding).length > 0) {
    throw invalid(`--effective_capabilities (${list(effective)}) must be within --bounding_capabilities (${list(bounding)})`);
  }
}

function checkKernelKnows(names: readonly string[]): void {
  const last = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8'));
  const unknown = names.filter((n) => CAPABILITY_NUMBERS[n]! > last);
  if (unknown.length > 0) throw invalid(`capabilities ${list(unknown)} are not known to this kernel (its last capability is number ${last})`);
}

export function resolveCapabilities(linuxInfo: LinuxInfo | undefined, settings: CapabilitySettings): CapabilitiesState {
  const effective = linuxInfo?.effective_capabilities?.capabilities ?? settings.effectiveCapabilities;
  let bounding = linuxInfo?.bounding_capabilities?.capabilities;
  const allowed = settings.boundingCapabilities;
  if (bounding && allowed && outside(bounding, allowed).length > 0) {
    throw invalid(`bounding capabilities ${list(outside(bounding, allowed))} are not within --bounding_capabilities (${list(allowed)})`);
  }
  bounding ??= allowed ?? effective;
  if (effective && bounding && outside(effective, bounding).length > 0) {
    throw invalid(`effective capabilities ${list(outside(effective, bounding))} are not within the bounding set ${list(bounding)}`);
  }
  checkKernelKnows([...(effective ?? []), ...(bounding ?? [])]);
  return { ...(effective && { effective }), ...(bounding && { bounding }), no_new_privs: true };
}

/** The stub's view of a recorded state: capability numbers. */
export function privilegesOf(state: CapabilitiesState | undefined): { capabilities?: CapabilitySets; noNewPrivileges: boolean } {
  if (!state) return { noNewPrivileges: false };
  const capabilities: CapabilitySets = {};
  if (state.effective) capabilities.effective = capabilityNumbers(state.effective);
  if (state.bounding) capabilities.bounding = capabilityNumbers(state.bounding);
  return { ...((state.effective || state.bounding) && { capabilities }), noNewPrivileges: state.no_new_privs };
}

export function createCapabilitiesIsolator(settings: CapabilitySettings): Isolator {
  checkCapabilityFlags(settings);
  return {
    name: 'linux/capabilities',
    prepare(container) {
      const linuxInfo = container.containerInfo ? container.containerInfo.linux_info : settings.defaultLinuxInfo;
      const state = resolveCapabilities(linuxInfo, settings);
      return { ...privilegesOf(state), state };
    },
  };
}

// A framework as the master knows it: its FrameworkInfo, its subscription
// (the event stream) while connected, its tasks and offers.
import type { FrameworkInfo } from '../../mesos/framework-info.js';
import type { Subscription } from '../frameworks/subscription.js';
import { BoundedList } from './bounded-list.js';
import type { TaskRecord } from './task.js';

export interface FrameworkRecord {
  readonly id: string;
  info: FrameworkInfo;
  /** Set while connected. */
  subscription: Subscription | undefined;
  tasks: Map<string, TaskRecord>;
  completedTasks: BoundedList<TaskRecord>;
  suppressed: boolean;
  /** Known only from agents' reports since this master started; it has not subscribed yet. */
  recovered: boolean;
  failoverTimer: NodeJS.Timeout | undefined;
  registeredTime: number | undefined;
  reregisteredTime: number | undefined;
  unregisteredTime: number | undefined;
}

export function newFramework(id: string, info: FrameworkInfo, maxCompletedTasks: number): FrameworkRecord {
  return {
    id,
    info: { ...info, id: { value: id } },
    subscription: undefined,
    tasks: new Map(),
    completedTasks: new BoundedList(maxCompletedTasks),
    suppressed: false,
    recovered: false,
    failoverTimer: undefined,
    registeredTime: undefined,
    reregisteredTime: undefined,
    unregisteredTime: undefined,
  };
}

export const isConnected = (framework: FrameworkRecord): boolean => framework.subscription !== undefined && !framework.subscription.closed;

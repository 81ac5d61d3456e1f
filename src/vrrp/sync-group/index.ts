export { SyncGroup } from './sync-group';
export { groupFifoLine, groupNotifies } from './steps';
export type { GroupNotifyState, GroupStep } from './steps';

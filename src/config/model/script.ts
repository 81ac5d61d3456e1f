// A script reference as keepalived stores it (notify_*, vrrp_script script, misc_path, quorum_up, …): the argv from
// keepalived's quoted/escaped tokenisation and the user/group it runs as.

export interface ScriptRef {
  /** argv[0] is the program as written. */
  args: string[];
  /** The user/group words given with the script (or its `user` keyword); undefined: the default script user. */
  user: string | undefined;
  group: string | undefined;
  /**
   * `:group` form (later keepalived versions): also set supplementary groups. keepalived 2.2.7 has no such form
   * (a leading ':' is part of the group name), so this stays false.
   */
  setSupplementaryGroups: boolean;
  /** The uid/gid the script runs as: the given user's, else the default script user's. */
  uid: number | undefined;
  gid: number | undefined;
  /** Resolved by the script-security pass: the program after PATH search and symlink resolution. */
  resolvedPath: string | undefined;
  /** Resolved by the script-security pass: whether keepalived would run the script. */
  runnable: boolean | undefined;
}

/** The scheduled reconcile: finds what events missed. Until syncs exist there is nothing to compare. */
export async function reconcile(): Promise<{ syncsChecked: number }> {
  return { syncsChecked: 0 };
}

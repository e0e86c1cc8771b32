/** Display of a founding's step deadline and status (officer pages). */
export const FOUNDING_SLA_LABEL = { ok: '正常', due_soon: '即将到期', overdue: '已超时' } as const;
export const FOUNDING_SLA_TYPE = { ok: 'success', due_soon: 'warning', overdue: 'danger' } as const;
export const FOUNDING_STATUS_TAG = {
  submitted: 'warning',
  preparing: 'info',
  elected: 'warning',
  established: 'success',
  rejected: 'danger',
  withdrawn: 'default',
} as const;

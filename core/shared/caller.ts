/** Who is calling: resolved by the runtime from the platform identity, never from input. */
export interface Grant {
  role: 'union_officer' | 'federation_officer' | 'admin';
  orgId: string;
}

export interface Caller {
  /** WeChat openid on CloudBase, the signed token's subject on the gateway; null when anonymous */
  uid: string | null;
  grants: Grant[];
  /** timer triggers and internal jobs */
  system: boolean;
}

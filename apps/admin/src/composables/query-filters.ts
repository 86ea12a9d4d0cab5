import { ref, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';

type TFilterValue = string | number | boolean | undefined;

/**
 * A list's filters kept in the address (`?state=planSubmitted&kind=school&page=2`), so that back,
 * reload and a copied link show the same list: read from the query when the page opens, written
 * back (replacing the entry, not adding one per search) each time the list is loaded. A value equal
 * to its default is left out of the address. Numbers (`page`, `pageSize`) come back as numbers, and
 * booleans as booleans.
 */
export function useQueryFilters<F extends Record<string, TFilterValue>>(
  defaults: F,
  keys: readonly (keyof F & string)[],
): { filters: Ref<F>; remember: () => Promise<void> } {
  const route = useRoute();
  const router = useRouter();
  const read = (k: keyof F & string): TFilterValue => {
    const v = route.query[k];
    if (typeof v !== 'string' || v === '') return defaults[k];
    if (typeof defaults[k] === 'number') return Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : defaults[k];
    if (typeof defaults[k] === 'boolean') return v === 'true';
    return v;
  };
  const filters = ref({ ...defaults, ...Object.fromEntries(keys.map((k) => [k, read(k)])) }) as Ref<F>;
  async function remember() {
    const query = Object.fromEntries(
      keys.flatMap((k) => {
        const v = filters.value[k];
        return v === undefined || v === '' || v === defaults[k] ? [] : [[k, String(v)]];
      }),
    );
    const same =
      Object.keys(query).length === Object.keys(route.query).length && Object.entries(query).every(([k, v]) => route.query[k] === v);
    if (!same) await router.replace({ query });
  }
  return { filters, remember };
}

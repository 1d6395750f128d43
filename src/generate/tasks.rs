//! DataWorks tasks for a generated inventory (semantics S9.1), added after
//! [`super::generate`] by [`add_tasks`] so that the default output stays byte
//! for byte what it was (the benchmarks' inventories do not change). The
//! tasks draw from their own random source, seeded from the spec's seed.

use super::Random;
use crate::model::{Inventory, Task, TaskType};

/// A constant mixed into the seed so that the tasks' draws are independent of
/// the inventory's.
const TASK_STREAM: u64 = 0x7a5c_0000_0000_0016;

/// Adds `count` tasks to `inventory`: two of three are `sync` tasks with a
/// source and a destination (another data source), the rest `schedule` and
/// `service` tasks; each on a random resource group. Ids are `task-00001`….
/// Nothing is added when the inventory has no resource group or data source.
pub fn add_tasks(inventory: &mut Inventory, count: usize, seed: u64) {
    let (groups, sources) = (
        inventory.resource_groups.len(),
        inventory.data_sources.len(),
    );
    if groups == 0 || sources == 0 {
        return;
    }
    let mut random = Random(seed ^ TASK_STREAM);
    let mut tasks = Vec::with_capacity(count);
    for n in 0..count {
        let group = random.below(groups);
        let source = random.below(sources);
        let kind = match random.below(3) {
            0 => TaskType::Schedule,
            1 if n % 2 == 0 => TaskType::Service,
            _ => TaskType::Sync,
        };
        // a destination other than the source (none when there is only one source)
        let destination = (kind == TaskType::Sync && sources > 1)
            .then(|| (source + 1 + random.below(sources - 1)) % sources);
        let id_of = |i: usize| inventory.data_sources.get(i).map(|d| d.id.clone());
        let (Some(group), Some(source)) = (
            inventory.resource_groups.get(group).map(|g| g.id.clone()),
            id_of(source),
        ) else {
            continue;
        };
        tasks.push(Task {
            id: format!("task-{:05}", n + 1),
            name: None,
            kind,
            resource_group: group,
            source,
            destination: destination.and_then(id_of),
        });
    }
    inventory.tasks.extend(tasks);
}
